package demo

import (
	"time"

	"throughline/internal/care"
)

// from picks who makes a referral of a kind (gp, tt, cmht, ae, voluntary,
// self): one of the referrer accounts for that service, or a named
// professional who has no account.
func (g *gen) from(kind string, p care.Person) source {
	var svc string
	switch kind {
	case "self":
		return source{name: "Self-referral", tier: "self"}
	case "gp":
		svc = g.pick(localGPs(p.Locality))
		if g.forceGP && svc == "gp-northgate" {
			return source{user: g.staff.ids["referrer"], tier: "primary"}
		}
	case "tt":
		svc = localTT(p.Locality)
	case "cmht":
		svc = localCMHT(p.Locality)
	case "ae":
		svc = "ae-liaison"
	default:
		svc = g.pick([]string{"womens-centre", "mind", "peer-support", "sv-support"})
	}
	// A&E liaison is in the crisis tier, so its referrals come from "crisis".
	tier := g.services[svc].Tier
	if ids := g.staff.from[svc]; len(ids) > 0 && g.chance(0.7) {
		return source{user: g.pickID(ids), tier: tier}
	}
	return source{name: g.professionalName(kind == "gp"), org: g.name(svc), tier: tier}
}

// cenSource is who refers to the CEN service: mostly GPs and CMHTs.
func (g *gen) cenSource(p care.Person) source {
	if g.forceGP {
		return g.from("gp", p)
	}
	return g.from([]string{"gp", "cmht", "ae", "tt", "voluntary"}[g.weighted(50, 22, 10, 10, 8)], p)
}

func (g *gen) professionalName(doctor bool) string {
	h := heritages[g.r.IntN(len(heritages))]
	given := g.pick(h.female)
	if g.chance(0.4) {
		given = g.pick(h.male)
	}
	if doctor {
		return "Dr " + given + " " + g.pick(h.family)
	}
	return given + " " + g.pick(h.family)
}

// otherService picks a non-CEN service that fits the person's age and
// circumstances, weighted towards the services people use most.
func (g *gen) otherService(p care.Person) string {
	age := p.AgeOn(g.now)
	type option struct {
		id string
		w  int
	}
	opts := []option{
		{localTT(p.Locality), 30}, {localCMHT(p.Locality), 8}, {"psych-therapies", 4},
		{"mind", 12}, {"community-drop-in", 3}, {"recovery-college", 5}, {"peer-support", 5}, {"local-area-coordination", 5},
		{"recovery-service", 6}, {"dual-diagnosis", 3}, {"housing-options", 5}, {"supported-housing", 3}, {"street-outreach", 2},
		{"crisis-cafe", 6}, {"sv-support", 4}, {"trauma-service", 4}, {"refugee-wellbeing", 2}, {"asc-mental-health", 2}, {"carers-support", 2},
	}
	if p.Pronouns == "she/her" {
		opts = append(opts, option{"womens-centre", 8})
	}
	if p.Gender == "Non-binary" || p.Gender == "Trans woman" || p.Gender == "Trans man" ||
		(p.Sexuality != "" && p.Sexuality != "Heterosexual or straight" && p.Sexuality != "Prefer not to say") {
		opts = append(opts, option{"lgbtq-wellbeing", 8})
	}
	if age <= 25 {
		opts = append(opts, option{"youth-hub", 15})
	}
	var ids []string
	var ws []int
	for _, o := range opts {
		s := g.services[o.id]
		if (s.MinAge != nil && age < *s.MinAge) || (s.MaxAge != nil && age > *s.MaxAge) {
			continue
		}
		ids, ws = append(ids, o.id), append(ws, o.w)
	}
	return ids[g.weighted(ws...)]
}

// decision is the team discussion's outcome for someone offered treatment.
func (g *gen) decision(team string) (teamKey, modality, note string) {
	if team == "" {
		team = "community"
		if g.chance(0.4) {
			team = "therapies"
		}
	}
	if team == "community" {
		return team, "SCM", "Team discussion decision: Community Team, structured clinical management (SCM)"
	}
	m := []string{"MBT", "DBT", "DIT"}[g.weighted(40, 35, 25)]
	long := map[string]string{"MBT": "mentalization-based treatment (MBT)", "DBT": "dialectical behaviour therapy (DBT)",
		"DIT": "dynamic interpersonal therapy (DIT)"}[m]
	return team, m, "Team discussion decision: Therapies Team, " + long
}

// episode opens an episode of care with a team.
func (g *gen) episode(team, modality string, start time.Time, worker int64) care.Episode {
	pathway := "community-scm"
	if team == "therapies" {
		pathway = "therapies"
	}
	teamID, ok := g.staff.teamOf[worker]
	if !ok {
		teamID = g.staff.teams[team]
	}
	return care.Episode{TeamID: teamID, NamedWorkerID: worker, Pathway: pathway, Modality: modality,
		Intensity: []string{care.IntensityStandard, "high", "low"}[g.weighted(60, 25, 15)], StartedAt: start}
}
