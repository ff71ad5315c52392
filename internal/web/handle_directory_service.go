package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/disclosure"
	"throughline/internal/store"
)

// serviceRows describes a service's basic facts for a summary list.
func serviceRows(sv directory.Service, names map[string]string) []factRow {
	routes := make([]string, len(sv.ReferralRoutes))
	for i, rt := range sv.ReferralRoutes {
		routes[i] = labelOrCode(routeLabels, rt)
	}
	capacity := "Not known"
	if sv.Capacity > 0 {
		capacity = fmt.Sprintf("%d people at a time", sv.Capacity)
	}
	return []factRow{
		{"Service id", []string{sv.ID}, []string{"id"}},
		{"Name", []string{notRecordedIfBlank(sv.Name)}, []string{"name"}},
		{"Organisation", []string{notRecordedIfBlank(sv.Organization)}, []string{"organization"}},
		{"Description", []string{notRecordedIfBlank(sv.Description)}, []string{"description"}},
		{"Tier", []string{notRecordedIfBlank(labelOrCode(tierLabels, sv.Tier))}, []string{"tier"}},
		{"Localities served", localityNames(sv.Localities, names), []string{"localities"}},
		{"Ages", []string{serviceAges(sv)}, []string{"min_age", "max_age"}},
		{"People can refer themselves", []string{yesNoText(sv.SelfReferral)}, []string{"self_referral"}},
		{"Who can refer", noneRecordedIfEmpty(routes), []string{"referral_routes"}},
		{"Typical length of support", []string{weeksText(sv.TypicalDurationWeeks)}, []string{"typical_duration_weeks"}},
		{"Usual wait", []string{weeksText(sv.WaitWeeks)}, []string{"wait_weeks"}},
		{"Capacity", []string{capacity}, []string{"capacity"}},
	}
}

// serviceAllRows is every field of a service, for comparing two versions.
func serviceAllRows(sv directory.Service, names map[string]string) []factRow {
	rows := serviceRows(sv, names)
	for _, d := range eligibilityDims() {
		rows = append(rows, factRow{"Eligibility – " + dimLabel(d), []string{directory.RuleText(&sv, d)}, []string{"eligibility." + d}})
	}
	c := sv.Contact
	return append(rows,
		factRow{"What the service offers", noneRecordedIfEmpty(sv.Offer), []string{"offer"}},
		factRow{"Phone", []string{notRecordedIfBlank(c.Phone)}, []string{"contact_phone"}},
		factRow{"Email", []string{notRecordedIfBlank(c.Email)}, []string{"contact_email"}},
		factRow{"Website", []string{notRecordedIfBlank(c.URL)}, []string{"contact_url"}},
		factRow{"Address", []string{notRecordedIfBlank(c.Address)}, []string{"contact_address"}},
		factRow{"Opening hours", []string{notRecordedIfBlank(c.Hours)}, []string{"contact_hours"}},
		factRow{"Good practice", noneRecordedIfEmpty(sv.GoodPractice), []string{"good_practice"}},
		factRow{"Known barriers", noneRecordedIfEmpty(sv.Barriers), []string{"barriers"}},
	)
}

func notRecordedIfBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return care.NotRecorded
	}
	return s
}

func noneRecordedIfEmpty(xs []string) []string {
	if len(xs) == 0 {
		return []string{"None recorded"}
	}
	return xs
}

type historyEntry struct {
	At             time.Time
	Username, What string
	Lines          []string
}

var changeActions = map[string]string{"create": "Added", "update": "Edited", "import": "Imported from a directory file"}

func historyEntries(changes []store.ServiceChange) []historyEntry {
	out := make([]historyEntry, len(changes))
	for i, c := range changes {
		who := c.Username
		if who == "" {
			who = "System"
		}
		out[i] = historyEntry{At: c.At, Username: who, What: labelOrCode(changeActions, c.Action), Lines: strings.Split(c.Summary, "\n")}
	}
	return out
}

type serviceData struct {
	Service      directory.Service
	Rows         []factRow
	Eligibility  []factRow
	AddressLines []string
	History      []historyEntry
	CanEdit      bool
	EditURL      string
	// staff branch: consultations this service asked of the specialist teams (disclosed).
	Consultations disclosure.Count
}

func (s *Server) handleService(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sv, err := s.db.Service(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	_, names, err := s.localityMap(r)
	if err != nil {
		return err
	}
	changes, err := s.db.ServiceHistory(ctx, sv.ID)
	if err != nil {
		return err
	}
	d := serviceData{Service: sv, Rows: serviceRows(sv, names), History: historyEntries(changes), EditURL: serviceEditURL(sv.ID),
		CanEdit: directoryEditors.Allows(currentUser(r).Role), AddressLines: strings.Split(sv.Contact.Address, "\n")}
	// Every dimension a profile has, in DESIGN.md's order, age and locality
	// included, so the table reads the same for every service. Localities
	// are named rather than given as codes.
	for _, dim := range directory.DimensionOrder {
		vals := []string{directory.RuleText(&sv, dim)}
		if dim == "locality" {
			vals = localityNames(sv.Localities, names)
		}
		d.Eligibility = append(d.Eligibility, factRow{Label: dimLabel(dim), Values: vals})
	}
	n, err := s.db.ConsultationsFrom(ctx, sv.ID, s.db.Now().AddDate(-1, 0, 0)) // staff branch
	if err != nil {
		return err
	}
	d.Consultations = disclosure.NewCount(n)
	s.render(w, r, http.StatusOK, "directory_service", view{Title: sv.Name, D: d})
	return nil
}
