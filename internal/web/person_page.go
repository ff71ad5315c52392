package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// The person page is the most read page of all. As a template its
// summary and the links to the parts of the record were some sixty
// reflective calls a view (an escaper for each value, each of eight links
// built from the person's id, the relationship printed and compared five
// times), most of its template CPU. personSummary and personRecordNav
// write those parts in Go; person.html keeps the page's order and the
// tables. The page is the same byte for byte as the template it replaced
// (TestPersonPageMatchesItsTemplate).

// personPage is the person page's data, or an error naming what came.
func personPage(v view) (personData, error) {
	d, ok := v.D.(personData)
	if !ok {
		return d, fmt.Errorf("person page: data is %T, not personData", v.D)
	}
	return d, nil
}

// firstName is what the page calls the person: the name they prefer.
func firstName(p care.Person) string {
	if p.PreferredName != "" {
		return p.PreferredName
	}
	return p.GivenName
}

// summaryRow writes one row of a summary list.
func (w *htmlWriter) summaryRow(key, value string) {
	w.raw("\n  <div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">" + key + "</dt><dd class=\"nhsuk-summary-list__value\">")
	w.text(value)
	w.raw("</dd></div>")
}

// orNone is a recorded value, or Not recorded for a blank one (the
// template function of the same name).
func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return care.NotRecorded
	}
	return s
}

// personSummary is the page's heading, who the person is and, for staff
// who care for them, their continuity of care.
func personSummary(v view) (template.HTML, error) {
	d, err := personPage(v)
	if err != nil {
		return "", err
	}
	p := d.Person
	var w htmlWriter
	w.Grow(3000)
	w.raw("\n\n<span class=\"nhsuk-caption-l\">")
	switch d.Relationship {
	case auth.RelBreakGlass:
		w.raw("Emergency access")
	case auth.RelSelf:
		w.raw("Your record")
	default:
		w.raw("Person")
	}
	w.raw("</span>\n<h1>")
	w.text(p.DisplayName())
	if p.Pronouns != "" {
		w.raw(` <span class="tl-muted nhsuk-body-l">(`)
		w.text(p.Pronouns)
		w.raw(`)</span>`)
	}
	w.raw("</h1>\n")
	if d.Relationship == auth.RelBreakGlass {
		w.raw("\n<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\"><span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>You are using emergency access</span></h2><p>This person is not on your caseload. Your access and reason have been recorded for review.</p></div>\n")
	}
	w.raw("\n<h2>About ")
	w.text(firstName(p))
	w.raw("</h2>\n<dl class=\"nhsuk-summary-list\">")
	w.summaryRow("Full name", p.GivenName+" "+p.FamilyName)
	w.summaryRow("Preferred name", orNone(p.PreferredName))
	w.summaryRow("NHS number", orNone(p.NHSNumber))
	born := care.NotRecorded
	if !p.DateOfBirth.IsZero() {
		age := care.NotRecorded
		if a := p.AgeOn(v.Now); a >= 0 {
			age = strconv.Itoa(a)
		}
		born = shownDate(p.DateOfBirth) + " (age " + age + ")"
	}
	w.summaryRow("Date of birth", born)
	w.summaryRow("Locality", orNone(p.Locality))
	w.raw("\n  ")
	if d.Relationship != auth.RelReferrer {
		w.summaryRow("Communication and access needs", orNone(p.CommunicationNeeds))
		w.summaryRow("What helps me feel safe", orNone(p.TraumaPreferences))
		w.raw("\n  ")
	}
	w.raw("\n</dl>\n")
	if c := d.Continuity; c != nil {
		w.raw("\n<h2>Continuity of care</h2>\n<dl class=\"nhsuk-summary-list\" id=\"continuity\">")
		w.summaryRow("Different workers seen in the last 90 days", strconv.Itoa(c.DistinctWorkers))
		w.raw("\n  <div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">Last contact</dt><dd class=\"nhsuk-summary-list__value\">")
		if c.LastContact.IsZero() {
			w.raw("No contact recorded yet")
		} else {
			w.text(shownDate(c.LastContact))
			w.raw(" (")
			w.int(int64(c.DaysSinceContact))
			w.raw(" days ago)")
		}
		if c.Flag {
			w.raw(` <strong class="nhsuk-tag nhsuk-tag--orange">No contact for over `)
			w.int(int64(d.GapDays))
			w.raw(` days</strong>`)
		}
		w.raw("</dd></div>\n</dl>\n")
	}
	return template.HTML(w.String()), nil
}

// personRecordNav is the list of the record's other parts, for everyone
// but a referrer (who sees only the referrals they made).
func personRecordNav(v view) (template.HTML, error) {
	d, err := personPage(v)
	if err != nil || d.Relationship == auth.RelReferrer {
		return "", err
	}
	record := "/people/" + strconv.FormatInt(d.Person.ID, 10)
	var w htmlWriter
	w.Grow(1500)
	link := func(path, text string) { w.raw(`<a href="` + record + path + `">` + text + `</a>`) }
	item := func(path, text, after string) {
		w.raw("  <li>")
		link(path, text)
		w.raw(after + "</li>\n")
	}
	w.raw("\n<nav aria-label=\"Parts of this record\">\n<h2>More about ")
	w.text(firstName(d.Person))
	w.raw("'s care</h2>\n<ul class=\"nhsuk-list tl-record-nav\">\n  \n")
	item("/pathway", "Assessment, formulation and team discussion", "")
	item("/care", "Ongoing care: episodes, care plan, crisis plan, medication and carers", "")
	item("/measures", "Outcome measures", "")
	w.raw("  <li>")
	link("/appointments", "Appointments, follow-ups and continuity")
	if d.Relationship != auth.RelSelf { // endings are the care team's page
		w.raw(" · ")
		link("/endings", "Endings and coming back")
	}
	w.raw("</li>\n")
	item("/contact-preferences", "Contact and reminders", ": texts and emails the person has agreed to")
	formulation := ": the team's shared understanding of what is happening between the person and services"
	if d.Relationship == auth.RelSelf {
		formulation = ": your team's shared understanding, if they have shared it with you"
	}
	item("/team-formulation", "Team formulation", formulation)
	item("/access-log", "Who has seen this record", "")
	w.raw("</ul>\n</nav>\n")
	return template.HTML(w.String()), nil
}
