package demo

// caseload spreads active episodes over a team's named workers. Each worker
// has a capacity drawn once (10–25 for clinicians, fewer for peer workers);
// a new episode goes to whoever is least full. The first worker can be
// filled to an exact number first, so the demo clinician's caseload is known.
type caseload struct {
	workers  []int64
	capacity []int
	load     []int
	first    int64
	firstCap int
	firstN   int
}

func (g *gen) newCaseload(workers []int64, first int64, firstCap int) *caseload {
	c := &caseload{first: first, firstCap: firstCap}
	for _, w := range workers {
		if w == first {
			continue
		}
		cap := g.between(12, 22)
		if g.staff.peers[w] {
			cap = g.between(11, 15)
		}
		c.workers, c.capacity, c.load = append(c.workers, w), append(c.capacity, cap), append(c.load, 0)
	}
	return c
}

// assign picks the named worker for a new active episode.
func (c *caseload) assign() int64 { return c.assignIn(nil) }

// assignIn picks the named worker among those in, or anyone when in is nil.
func (c *caseload) assignIn(in func(int64) bool) int64 {
	if c.first != 0 && c.firstN < c.firstCap {
		c.firstN++
		return c.first
	}
	best := -1
	for i := range c.workers {
		if in != nil && !in(c.workers[i]) {
			continue
		}
		// Compare load/capacity without floating point.
		if best < 0 || c.load[i]*c.capacity[best] < c.load[best]*c.capacity[i] {
			best = i
		}
	}
	c.load[best]++
	return c.workers[best]
}

// inTeam reports whether a worker is in the fixed team of a pathway.
func (g *gen) inTeam(key string) func(int64) bool {
	team := g.staff.teams[key]
	return func(w int64) bool { return g.staff.teamOf[w] == team }
}
