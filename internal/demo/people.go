package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
)

// gen holds the generator's state: one seeded source drawn in a fixed order,
// so the same seed always gives the same region.
type gen struct {
	r        *rand.Rand
	now      time.Time
	services map[string]*directory.Service
	staff    *roster
	nhs      map[string]bool
	load     map[string]*caseload // team key → active caseloads
	// forceGP makes the next journey come from the fixed referrer.
	forceGP bool
}

func newGen(opt Options, svcs []*directory.Service) *gen {
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, 0x7468726f75676831)), now: opt.Now.UTC(),
		services: map[string]*directory.Service{}, nhs: map[string]bool{}}
	for _, s := range svcs {
		g.services[s.ID] = s
	}
	return g
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool   { return g.r.Float64() < p }
func (g *gen) between(lo, hi int) int  { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) pickID(xs []int64) int64 { return xs[g.r.IntN(len(xs))] }
func (g *gen) name(id string) string   { return g.services[id].Name }

// weighted returns an index drawn in proportion to weights.
func (g *gen) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// nhsNumber draws a fresh valid NHS number, never repeating one.
func (g *gen) nhsNumber() string {
	for {
		var b strings.Builder
		b.WriteByte(byte('4' + g.r.IntN(6))) // real numbers start 4–9
		for range 8 {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
		nine := b.String()
		check, ok := care.NHSCheckDigit(nine)
		if !ok {
			continue
		}
		n := nine + string(check)
		if !g.nhs[n] {
			g.nhs[n] = true
			return n
		}
	}
}

// person draws a synthetic person living in loc ("" = anywhere); youth
// allows 16–17-year-olds.
func (g *gen) person(loc string, youth bool) care.Person {
	var p care.Person
	if loc == "" {
		loc = localities[g.weighted(22, 22, 18, 18, 20)].Code
	}
	p.Locality = loc
	ws := make([]int, len(heritages))
	for i, h := range heritages {
		ws[i] = h.weight
	}
	h := heritages[g.weighted(ws...)]
	switch g.weighted(66, 26, 5, 3) {
	case 0:
		p.GivenName, p.Pronouns, p.Gender = g.pick(h.female), "she/her", "Woman"
		if g.chance(0.02) {
			p.Gender = "Trans woman"
		}
	case 1:
		p.GivenName, p.Pronouns, p.Gender = g.pick(h.male), "he/him", "Man"
		if g.chance(0.02) {
			p.Gender = "Trans man"
		}
	case 2:
		p.GivenName, p.Pronouns, p.Gender = g.pick(h.neutral), "they/them", "Non-binary"
	default:
		p.GivenName, p.Pronouns, p.Gender = g.pick(h.neutral), g.pick([]string{"she/they", "he/they"}), "Prefer to self-describe"
	}
	if g.chance(0.08) {
		p.Gender = ""
	}
	p.FamilyName = g.pick(h.family)
	if nick, ok := nicknames[p.GivenName]; ok && g.chance(0.5) {
		p.PreferredName = nick
	}
	switch {
	case g.chance(0.10):
	case g.chance(0.04):
		p.Ethnicity = "Prefer not to say"
	default:
		ws := make([]int, len(h.ethnicities))
		for i, e := range h.ethnicities {
			ws[i] = e.w
		}
		p.Ethnicity = h.ethnicities[g.weighted(ws...)].v
	}
	p.Sexuality = g.pick(sexualities)

	years := g.adultAge()
	if youth {
		years = g.between(16, 17)
	}
	p.DateOfBirth = time.Date(g.now.Year()-years, g.now.Month(), g.now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -g.between(1, 360))
	if g.chance(0.85) {
		p.NHSNumber = g.nhsNumber()
	}
	if g.chance(0.9) {
		p.Phone = fmt.Sprintf("07700 900%03d", g.r.IntN(1000)) // Ofcom's range for drama
	}
	if g.chance(0.6) {
		first := p.GivenName
		if p.PreferredName != "" {
			first = p.PreferredName
		}
		p.Email = strings.ToLower(strings.NewReplacer("'", "", " ", "").Replace(first+"."+p.FamilyName)) + fmt.Sprintf("%d@example.org", g.r.IntN(100))
	}
	if g.chance(0.15) {
		p.CommunicationNeeds = g.pick(communicationNeeds)
	}
	if g.chance(0.35) {
		p.TraumaPreferences = g.pick(traumaPreferences)
		if g.chance(0.25) {
			if other := g.pick(traumaPreferences); other != p.TraumaPreferences {
				p.TraumaPreferences += ". " + other
			}
		}
	}
	return p
}

// adultAge is skewed towards the younger adults who most often use CEN services.
func (g *gen) adultAge() int {
	switch g.weighted(22, 31, 22, 14, 11) {
	case 0:
		return g.between(18, 24)
	case 1:
		return g.between(25, 34)
	case 2:
		return g.between(35, 44)
	case 3:
		return g.between(45, 54)
	default:
		return g.between(55, 70)
	}
}
