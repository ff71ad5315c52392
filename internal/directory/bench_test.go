package directory

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomDirectory makes n services with random thresholds over every dimension.
func randomDirectory(n int) []Service {
	r := rand.New(rand.NewPCG(1, 2))
	tiers := Tiers
	svcs := make([]Service, n)
	for i := range svcs {
		el := map[string][]string{}
		for _, d := range categorical {
			if r.IntN(2) == 0 {
				continue
			}
			for _, v := range Dimensions[d] {
				if r.IntN(2) == 0 {
					el[d] = append(el[d], v)
				}
			}
		}
		minAge, maxAge := 16+r.IntN(3), 25+r.IntN(60)
		svcs[i] = Service{ID: fmt.Sprintf("s%d", i), Name: "Service", Tier: tiers[r.IntN(len(tiers))], Eligibility: el,
			MinAge: &minAge, MaxAge: &maxAge, Localities: []string{string(rune('A' + r.IntN(6)))}}
	}
	return svcs
}

// BenchmarkGrid2000Services: the default risk × engagement grid over 2,000
// services (target: under 50 ms).
func BenchmarkGrid2000Services(b *testing.B) {
	e := NewEngine(randomDirectory(2000))
	base := DefaultProfile()
	for b.Loop() {
		if _, err := e.Grid("risk", "engagement", base); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEveryGrid2000Services computes the grid for every pair of
// dimensions (72 grids, every cell) over 2,000 services, and reports the
// time per grid and per cell.
func BenchmarkEveryGrid2000Services(b *testing.B) {
	e := NewEngine(randomDirectory(2000))
	base := DefaultProfile()
	base.Risk, base.Engagement = "moderate", "variable"
	grids, cells := 0, 0
	for b.Loop() {
		grids, cells = 0, 0
		for _, r := range DimensionOrder {
			for _, c := range DimensionOrder {
				if r == c {
					continue
				}
				g, err := e.Grid(r, c, base)
				if err != nil {
					b.Fatal(err)
				}
				grids++
				cells += len(g.Rows) * len(g.Cols)
			}
		}
	}
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(per/float64(grids)/1e6, "ms/grid")
	b.ReportMetric(per/float64(cells)/1e3, "µs/cell")
}
