package indicators

import (
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// Figures are the raw numbers every indicator is worked out from, before
// disclosure control: Summarise reduces the facts to them and FromFigures
// discloses them. They are small (counts, and a median and percentile
// where the rule needs one), so a report can be stored and disclosed again
// each time it is shown, where the facts run to tens of megabytes at
// region scale. Compute is FromFigures(Summarise(f)): one path.
type Figures struct {
	ToAssess, ToTreat Spread // days waited

	Waiting, Amber, Red int // waiting for assessment now; amber counts red too

	Declines, DeclinesNone, DeclinesWithin, DeclinesOutside, DeclinesException int

	FollowUps, FollowUpsInTime, FollowUpsOpen, FollowUpsOverdue int
	Endings, EndingsWithOutreach                                int

	InCare, NoRecentContact int
	Workers                 Spread // distinct workers seen in 90 days, per person in care

	Episodes, EpisodesCrisisPlan, Goals, OwnWordsGoals, Plans, PlansAgreed, PlansSocialShared int

	Liaison         map[string]int
	Pairs, Improved int

	Dimensions []DimensionFigures // equity and inclusion, in dimension order
}

// Spread is a set of values reduced to what is shown of it: how many, the
// median and the 90th percentile (nearest rank); both zero when N is 0.
type Spread struct {
	N           int
	Median, P90 float64
}

func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	return Spread{N: len(xs), Median: Median(xs), P90: Percentile(xs, 90)}
}

// DimensionFigures are referrals by group on one dimension.
type DimensionFigures struct {
	Dimension string
	Recorded  bool           // someone's group was recorded
	Groups    []GroupFigures // in the order shown
	All       GroupFigures
}

// GroupFigures are one group's referrals and decisions, and its waits to
// a first assessment.
type GroupFigures struct {
	Group                                  string
	Referrals, Decided, Accepted, Declined int
	Waits                                  Spread
}

// Summarise reduces the facts to the figures.
func Summarise(f Facts) Figures {
	var g Figures
	var toAssess, toTreat []float64
	for _, x := range f.Referrals {
		if !x.FirstAssessment.IsZero() {
			toAssess = append(toAssess, DaysBetween(x.ReceivedAt, x.FirstAssessment, x.Paused))
		}
		if !x.AssessedAt.IsZero() && !x.TreatmentAt.IsZero() {
			toTreat = append(toTreat, DaysBetween(x.AssessedAt, x.TreatmentAt, 0))
		}
	}
	g.ToAssess, g.ToTreat = spreadOf(toAssess), spreadOf(toTreat)
	g.Waiting = len(f.Waiting)
	for _, w := range f.Waiting {
		switch w.Thresholds.Rate(f.Now.Sub(w.DecidedAt)) {
		case care.RAGRed:
			g.Red++
			g.Amber++
		case care.RAGAmber:
			g.Amber++
		}
	}
	g.Declines = len(f.Declines)
	for _, d := range f.Declines {
		switch {
		case d.OnwardService && d.OutsideCriteria:
			g.DeclinesOutside++
		case d.OnwardService:
			g.DeclinesWithin++
		case d.OnwardException:
			g.DeclinesException++
		default:
			g.DeclinesNone++
		}
	}
	summariseFollowUps(&g, f)
	summariseCare(&g, f)
	g.Liaison = f.Liaison
	cat := measures.Catalogue()
	for _, p := range f.Pairs {
		if m, ok := cat[p.Change.Measure]; !ok || m.ReliableChange == 0 {
			continue
		}
		g.Pairs++
		if p.Change.Direction == "reliable improvement" {
			g.Improved++
		}
	}
	g.Dimensions = dimensionFigures(f.Referrals)
	return g
}

func summariseFollowUps(g *Figures, f Facts) {
	today := f.Now.UTC().Truncate(24 * time.Hour)
	g.FollowUps = len(f.FollowUps)
	for _, t := range f.FollowUps {
		if FollowedUpInTime(t.MissedAt, t.FollowedUpAt()) {
			g.FollowUpsInTime++
		}
		if t.DoneAt.IsZero() {
			g.FollowUpsOpen++
			if t.DueOn.Before(today) {
				g.FollowUpsOverdue++
			}
		}
	}
	g.Endings = len(f.Endings)
	for _, e := range f.Endings {
		if OutreachEnough(e.Attempts, e.LastAttended) {
			g.EndingsWithOutreach++
		}
	}
}

func summariseCare(g *Figures, f Facts) {
	var workers []float64
	g.InCare = len(f.People)
	for _, p := range f.People {
		c := care.ComputeContinuity(p.Appointments, p.Reached, f.Now)
		workers = append(workers, float64(c.DistinctWorkers))
		if c.Flag {
			g.NoRecentContact++
		}
	}
	g.Workers = spreadOf(workers)
	g.Episodes = len(f.Episodes)
	for _, e := range f.Episodes {
		g.Goals += e.Goals
		g.OwnWordsGoals += e.OwnWordsGoals
		if e.Agreement != "" {
			g.Plans++
			if e.Agreement == "agreed" || e.Agreement == "agreed-with-changes" {
				g.PlansAgreed++
			}
			if e.AgencySocialAction {
				g.PlansSocialShared++
			}
		}
		if e.CrisisPlan {
			g.EpisodesCrisisPlan++
		}
	}
}

// dimensionFigures groups referrals on every dimension.
func dimensionFigures(refs []Referral) []DimensionFigures {
	out := make([]DimensionFigures, 0, len(dimensions))
	for _, d := range dimensions {
		by := map[string]*groupStats{}
		all := &groupStats{}
		df := DimensionFigures{Dimension: d.name}
		for _, r := range refs {
			g, ok := d.groupOf(r.Group)
			df.Recorded = df.Recorded || ok
			s, ok := by[g]
			if !ok {
				s = &groupStats{}
				by[g] = s
			}
			s.add(r)
			all.add(r)
		}
		for _, g := range sortedGroups(by) {
			df.Groups = append(df.Groups, by[g].figures(g))
		}
		df.All = all.figures(AllGroups)
		out = append(out, df)
	}
	return out
}

func (s *groupStats) figures(group string) GroupFigures {
	return GroupFigures{Group: group, Referrals: s.referrals, Decided: s.decided, Accepted: s.accepted, Declined: s.declined, Waits: spreadOf(s.waits)}
}

// AvailableFigures are the raw numbers of the "available long term and in
// crisis" section.
type AvailableFigures struct {
	Episodes, YearOrMore, CurrentPlans, OutOfHours int
	Lengths                                        Spread // days each active episode has run
}

// SummariseAvailable reduces active episodes to their figures as of now.
func SummariseAvailable(eps []ActiveEpisode, now time.Time) AvailableFigures {
	var lengths []float64
	a := AvailableFigures{Episodes: len(eps)}
	for _, e := range eps {
		days := now.Sub(e.StartedAt).Hours() / 24
		lengths = append(lengths, days)
		if days >= 365 {
			a.YearOrMore++
		}
		if !e.CrisisPlanAt.IsZero() && now.Sub(e.CrisisPlanAt) <= CrisisPlanCurrent {
			a.CurrentPlans++
			for _, h := range e.ContactHours {
				if OutOfHours(h) {
					a.OutOfHours++
					break
				}
			}
		}
	}
	a.Lengths = spreadOf(lengths)
	return a
}

// ComplexityFigures are the raw numbers of the "responding to
// complexity" section.
type ComplexityFigures struct {
	Complex, Joined, Needs, Held int
}

// SummariseComplexity reduces care plans' needs to their figures.
func SummariseComplexity(plans []PlanNeeds) ComplexityFigures {
	var c ComplexityFigures
	for _, p := range plans {
		if len(p.Needs) < ComplexDomains {
			continue
		}
		c.Complex++
		agency := p.Liaison
		for _, h := range p.Needs {
			c.Needs++
			if h.Team {
				c.Held++
			}
			agency = agency || h.Agency
		}
		if agency {
			c.Joined++
		}
	}
	return c
}
