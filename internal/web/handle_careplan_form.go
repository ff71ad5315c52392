package web

import (
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// The care plan form: per life domain a need (need-DOMAIN) and rows of
// actions (action-DOMAIN-text and action-DOMAIN-owner, in step), then the
// review date, the person's agreement and comments. An owner is "person",
// "staff:ID" or "agency:CODE".

type actionRow struct{ Text, Owner string }

type domainForm struct {
	Code, Label, Need string
	NeedError         string
	ActionError       string
	Actions           []actionRow
}

type planForm struct {
	Domains   []domainForm
	Owners    []form.Option
	ReviewOn  string
	Agreement string
	Comments  string
	Version   string
	Episode   string
}

// carePlanValues is a saved plan as posted form values.
func carePlanValues(p care.CarePlan) url.Values {
	v := url.Values{"version": {strconv.Itoa(p.Version)}, "episode": {strconv.FormatInt(p.EpisodeID, 10)},
		"review_on": {uktime.Date(p.ReviewOn)}, "agreement": {string(p.Agreement)}, "person_comments": {p.PersonComments}}
	for _, n := range p.Needs {
		v.Set("need-"+n.Domain, n.Description)
		for _, a := range n.Actions {
			v.Add("action-"+n.Domain+"-text", a.Text)
			v.Add("action-"+n.Domain+"-owner", ownerValue(a))
		}
	}
	return v
}

func ownerValue(a care.Action) string {
	switch a.OwnerKind {
	case care.OwnerStaff:
		return "staff:" + strconv.FormatInt(a.StaffID, 10)
	case care.OwnerAgency:
		return "agency:" + a.Agency
	}
	return a.OwnerKind
}

// ownerLabel names an action's owner, with staff names looked up for
// typed actions that carry only an id.
func ownerLabel(a care.Action, staff map[int64]string) string {
	if a.OwnerKind == care.OwnerStaff && a.StaffName == "" {
		a.StaffName = staff[a.StaffID]
	}
	return a.OwnerLabel()
}

// parseCarePlan reads the posted form into a plan for the episode, with
// what the form itself got wrong.
func parseCarePlan(v url.Values, personID, episodeID int64) (care.CarePlan, error) {
	f := form.Read(v)
	p := care.CarePlan{PersonID: personID, EpisodeID: episodeID, Agreement: care.Agreement(f.Text("agreement")),
		PersonComments: f.Text("person_comments"), Version: f.Version(),
		ReviewOn: f.Date("review_on", "Enter the review date as a real date, for example 2027-03-14")}
	for _, d := range care.LifeDomains {
		n := care.Need{Domain: d.Code, Description: f.Text("need-" + d.Code)}
		texts, owners := f.Column("action-"+d.Code+"-text"), f.Column("action-"+d.Code+"-owner")
		for i := range max(len(texts), len(owners)) {
			text, owner := at(texts, i), at(owners, i)
			if text == "" && owner == "" {
				continue // a blank row
			}
			a := ownerFrom(owner)
			a.Text = text
			n.Actions = append(n.Actions, a)
		}
		if n.Description != "" || len(n.Actions) > 0 {
			p.Needs = append(p.Needs, n)
		}
	}
	return p, f.Err()
}

// ownerFrom reads an owner value (see ownerValue) into an action. A staff
// id that is not a number is left 0, which Validate refuses with the
// action's message.
func ownerFrom(owner string) care.Action {
	kind, rest, _ := strings.Cut(owner, ":")
	a := care.Action{OwnerKind: kind}
	switch kind {
	case care.OwnerStaff:
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
			a.StaffID = id
		}
	case care.OwnerAgency:
		a.Agency = rest
	}
	return a
}

// buildPlanForm lays out the form from values, one blank action row per
// domain so there is always room for another.
func buildPlanForm(v url.Values, fields map[string]string, workers []store.TeamWorker) planForm {
	f := planForm{ReviewOn: v.Get("review_on"), Agreement: v.Get("agreement"), Comments: v.Get("person_comments"),
		Version: v.Get("version"), Episode: v.Get("episode")}
	if f.Agreement == "" {
		f.Agreement = string(care.AgreementNotYet)
	}
	f.Owners = append(f.Owners, form.Option{Value: care.OwnerPerson, Label: "The person"})
	seen := map[int64]bool{}
	for _, w := range workers {
		if !seen[w.UserID] {
			seen[w.UserID] = true
			f.Owners = append(f.Owners, form.Option{Value: "staff:" + strconv.FormatInt(w.UserID, 10), Label: w.Name + " (staff)"})
		}
	}
	for _, a := range care.Agencies {
		f.Owners = append(f.Owners, form.Option{Value: "agency:" + a.Code, Label: a.Label})
	}
	for _, d := range care.LifeDomains {
		df := domainForm{Code: d.Code, Label: d.Label, Need: v.Get("need-" + d.Code), NeedError: fields["need-"+d.Code], ActionError: fields["action-"+d.Code]}
		texts, owners := v["action-"+d.Code+"-text"], v["action-"+d.Code+"-owner"]
		for i := range max(len(texts), len(owners)) {
			var row actionRow
			if i < len(texts) {
				row.Text = texts[i]
			}
			if i < len(owners) {
				row.Owner = owners[i]
			}
			if row.Text != "" || row.Owner != "" {
				df.Actions = append(df.Actions, row)
			}
		}
		df.Actions = append(df.Actions, actionRow{})
		f.Domains = append(f.Domains, df)
	}
	return f
}

// planRows describes a plan field by field, for comparing two versions.
func planRows(p care.CarePlan, staff map[int64]string) []factRow {
	rows := []factRow{}
	for _, d := range care.LifeDomains {
		n := p.Need(d.Code)
		vals := []string{orNotRecorded(n.Description)}
		for _, a := range n.Actions {
			vals = append(vals, "Action: "+a.Text+" ("+ownerLabel(a, staff)+")")
		}
		rows = append(rows, factRow{Label: d.Label, Values: vals})
	}
	review := "Not set"
	if !p.ReviewOn.IsZero() {
		review = p.ReviewOn.Format("2 January 2006") // a date, with no time of day to convert
	}
	rows = append(rows, factRow{Label: "Review date", Values: []string{review}},
		factRow{Label: "The person's agreement", Values: []string{p.Agreement.Label()}},
		factRow{Label: "The person's comments", Values: []string{orNotRecorded(p.PersonComments)}})
	return rows
}

func orNotRecorded(s string) string {
	if strings.TrimSpace(s) == "" {
		return care.NotRecorded
	}
	return s
}
