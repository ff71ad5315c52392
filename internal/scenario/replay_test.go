package scenario

import (
	"encoding/json"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
)

func intp(n int) *int { return &n }

// testServices: a talking therapies service for low risk, a CMHT for
// higher risk that needs people able or variable in engaging, a youth
// service up to 25, and a crisis team that takes anyone.
func testServices() []directory.Service {
	return []directory.Service{
		{ID: "tt", Name: "Talking therapies", Tier: "talking-therapies", Capacity: 40, WaitWeeks: 6,
			Eligibility: map[string][]string{"risk": {"low", "moderate"}, "engagement": {"able"}}},
		{ID: "cmht", Name: "CMHT", Tier: "secondary", Capacity: 30, WaitWeeks: 10,
			Eligibility: map[string][]string{"risk": {"moderate", "high", "very-high"}, "engagement": {"able", "variable"}}},
		{ID: "youth", Name: "Youth", Tier: "voluntary", MaxAge: intp(25)},
		{ID: "crisis", Name: "Crisis", Tier: "crisis"},
	}
}

const (
	// inGap is refused by every non-crisis service at baseline; opening
	// the CMHT to chaotic engagement closes it.
	inGap = "risk=high,engagement=chaotic,diagnosis=cen,complexity=multiple,age=40,locality=N,substance_use=none,housing=settled,duration_needed=long"
	// routed is accepted by the CMHT at baseline.
	routed = "risk=high,engagement=variable,diagnosis=cen,complexity=multiple,age=40,locality=N,substance_use=none,housing=settled,duration_needed=long"
)

var (
	day0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	asOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func on(days int) time.Time { return day0.AddDate(0, 0, days) }

func declined(person int64, svc string, days int, profile string) journey.Referral {
	return journey.Referral{PersonID: person, ServiceID: svc, ReceivedAt: on(days - 3), Decision: care.DecisionDeclined, DecidedAt: on(days), Profile: profile}
}

func treated(person int64, svc string, days int) journey.Referral {
	return journey.Referral{PersonID: person, ServiceID: svc, ReceivedAt: on(days - 5), Decision: care.DecisionAccepted,
		DecidedAt: on(days - 2), TreatmentStartedAt: on(days)}
}

var openCMHT = Scenario{Changes: []Change{{Service: "cmht", Eligibility: map[string][]string{"engagement": {"able", "variable", "chaotic"}}}}}

func TestReplay(t *testing.T) {
	tests := []struct {
		name string
		refs []journey.Referral
		eps  []journey.EpisodeStart
		want string
	}{
		{"crisis-only contacts do not hold a person", []journey.Referral{
			declined(1, "tt", 0, inGap), treated(1, "crisis", 5), treated(1, "crisis", 40)},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":1,"scenario":0},"route_existed":0,"closed":1,"reversed_declines":0,"by_service":[{"id":"cmht","newly_accepting":1}]}`},
		{"a treatment start on day 91 is too late", []journey.Referral{
			declined(1, "tt", 0, inGap), treated(1, "youth", 91)},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":1,"scenario":0},"route_existed":0,"closed":1,"reversed_declines":0,"by_service":[{"id":"cmht","newly_accepting":1}]}`},
		{"a treatment start on day 90 holds them", []journey.Referral{
			declined(1, "tt", 0, inGap), treated(1, "youth", 90)},
			nil, `{"people":1,"fell_through":0,"rules_gap":{"baseline":0,"scenario":0},"route_existed":0,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"an episode start on day 90 holds them", []journey.Referral{declined(1, "tt", 0, inGap)},
			[]journey.EpisodeStart{{PersonID: 1, StartedAt: on(90)}},
			`{"people":1,"fell_through":0,"rules_gap":{"baseline":0,"scenario":0},"route_existed":0,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"a second decline by the same service: the latest profile counts", []journey.Referral{
			declined(1, "cmht", 0, routed), declined(1, "cmht", 100, inGap)},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":1,"scenario":0},"route_existed":0,"closed":1,"reversed_declines":1,"by_service":[{"id":"cmht","newly_accepting":1}]}`},
		{"a person whose route existed", []journey.Referral{declined(1, "tt", 0, routed)},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":0,"scenario":0},"route_existed":1,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"a window still open at the as-of date", []journey.Referral{declined(1, "tt", 250, inGap)},
			nil, `{"people":1,"fell_through":0,"rules_gap":{"baseline":0,"scenario":0},"route_existed":0,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"referrals after the as-of date have not happened", []journey.Referral{declined(1, "tt", 400, inGap)},
			nil, `{"people":0,"fell_through":0,"rules_gap":{"baseline":0,"scenario":0},"route_existed":0,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"a treatment start after the as-of date does not hold them", []journey.Referral{declined(1, "tt", 200, inGap), treated(1, "youth", 300)},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":1,"scenario":0},"route_existed":0,"closed":1,"reversed_declines":0,"by_service":[{"id":"cmht","newly_accepting":1}]}`},
		{"no complete profile: fell through, in neither figure", []journey.Referral{declined(1, "tt", 0, "risk=high")},
			nil, `{"people":1,"fell_through":1,"rules_gap":{"baseline":0,"scenario":0},"route_existed":0,"closed":0,"reversed_declines":0,"by_service":[]}`},
		{"accepted people are counted but not fallen through", []journey.Referral{treated(1, "cmht", 10), treated(2, "tt", 10), declined(3, "cmht", 0, inGap)},
			nil, `{"people":3,"fell_through":1,"rules_gap":{"baseline":1,"scenario":0},"route_existed":0,"closed":1,"reversed_declines":1,"by_service":[{"id":"cmht","newly_accepting":1}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Replay(journey.Input{Referrals: tt.refs, Episodes: tt.eps}, testServices(), openCMHT, asOf)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestReplayDemandByService: demand lands on every service the scenario
// opens, largest first, by month, with the service's capacity and wait;
// closed profiles are listed without people.
func TestReplayDemandByService(t *testing.T) {
	young := "risk=high,engagement=chaotic,diagnosis=cen,complexity=multiple,age=30,locality=N,substance_use=none,housing=settled,duration_needed=long"
	refs := []journey.Referral{declined(1, "tt", 0, inGap), declined(2, "tt", 31, inGap), declined(3, "tt", 0, young)}
	sc := Scenario{Changes: []Change{
		{Service: "cmht", Eligibility: map[string][]string{"engagement": nil}},
		{Service: "youth", MaxAge: Set[*int]{Set: true, Value: intp(30)}},
	}}
	res, err := Replay(journey.Input{Referrals: refs}, testServices(), sc, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.ByService), 2; got != want {
		t.Fatalf("by service = %+v", res.ByService)
	}
	cmht, youth := res.ByService[0], res.ByService[1]
	if cmht.ID != "cmht" || cmht.NewlyAccepting != 3 || cmht.Capacity != 30 || cmht.WaitWeeks != 10 || cmht.ByMonth["2025-03"] != 2 || cmht.ByMonth["2025-04"] != 1 {
		t.Errorf("cmht demand = %+v", cmht)
	}
	if youth.ID != "youth" || youth.NewlyAccepting != 1 {
		t.Errorf("youth demand = %+v", youth)
	}
	if got, want := len(res.ClosedProfiles), 2; got != want || res.ClosedProfiles[0].People != 2 || res.ClosedProfiles[0].Profile != inGap {
		t.Errorf("closed profiles = %+v", res.ClosedProfiles)
	}
}
