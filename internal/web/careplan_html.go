package web

import (
	"fmt"
	"html/template"
	"strconv"

	"throughline/internal/care"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// The care plan's repeated parts, its goals' rows and its form's areas of
// life, are written here in Go. As template ranges they were most of the
// page's CPU: every goal ran a rating select, a status form and the
// language guide through dicts, printfs and partials, and every area a
// need box and an action row (text, owner select) per action, each value
// a reflective read and an escaper call. The page is the same byte for
// byte: careplan_html_test.go compares each part with the template it
// replaced.

// goalRowWriter draws the goals' rows for one page: the values every row
// shares, and the choices escaped once.
type goalRowWriter struct {
	htmlWriter
	d       *carePlanData
	csrf    string
	errs    *formErrors
	flagsOf func(text string, ownWords bool) []flagView
}

func newCarePlanRows(v view, n int) *goalRowWriter {
	d := v.D.(carePlanData)
	rows := &goalRowWriter{d: &d, csrf: v.CSRF, errs: v.Errors,
		flagsOf: func(text string, ownWords bool) []flagView { return languageFlags(v.User, text, ownWords).Flags }}
	rows.Grow(n * 2400)
	return rows
}

// carePlanGoalRows is the body rows of the active goals' table.
func carePlanGoalRows(v view) template.HTML {
	w := newCarePlanRows(v, len(v.D.(carePlanData).Goals))
	d := w.d
	if len(d.Goals) == 0 {
		if len(d.Closed) > 0 {
			return `<tr><td colspan="4">No goals being worked on now.</td></tr>`
		}
		return `<tr><td colspan="4">No goals yet.</td></tr>`
	}
	for i := range d.Goals {
		w.activeGoal(&d.Goals[i])
	}
	return template.HTML(w.String())
}

func (w *goalRowWriter) activeGoal(g *goalView) {
	d := w.d
	w.raw("<tr>\n    <td>")
	w.languageFlags(w.flagsOf(g.Text, g.OwnWords))
	w.raw("“")
	w.text(g.Text)
	w.raw("”")
	if g.OwnWords {
		w.raw(` <strong class="nhsuk-tag nhsuk-tag--green">Own words</strong>`)
	} else {
		w.raw(` <strong class="nhsuk-tag nhsuk-tag--grey">Staff wording</strong>`)
	}
	w.raw("</td>\n    <td>")
	if g.Points != "" {
		w.raw(`<svg class="tl-trend" viewBox="-2 -2 104 34" width="104" height="34" role="img" aria-label="Ratings `)
		w.text(g.Trend)
		w.raw(`"><polyline fill="none" stroke="#005eb8" stroke-width="2" points="`)
		w.text(g.Points)
		w.raw(`"/></svg> <span class="tl-muted">`)
		w.text(g.Trend)
		w.raw(`</span>`)
	} else {
		w.raw("Not rated yet")
	}
	w.raw("</td>\n    <td class=\"tl-num\">")
	w.text(g.Latest)
	w.raw("</td>\n    ")
	if d.CanEdit {
		rf := "rate-" + strconv.FormatInt(g.ID, 10) + "-rating"
		w.raw("<td class=\"tl-no-print\">\n      ")
		w.goalForm(g, "rating\" novalidate>\n        ")
		w.raw("\n        ")
		w.ratingSelect(&formField{Name: textValue("rating"), ID: textValue(rf), Label: htmlValue(d.Label("Rating now", " for “"+g.Text+"”")),
			Blank: textValue("Choose a rating"), Error: textValue(w.errs.field(rf))})
		w.raw("\n        <button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0\" type=\"submit\">Record<span class=\"nhsuk-u-visually-hidden\"> rating for “")
		w.text(g.Text)
		w.raw("”</span></button>\n      </form>\n      ")
		w.statusForm(g)
		w.raw("</td>")
	}
	w.raw("\n    ")
	if d.Talk.Self && d.Episode.Active() {
		w.raw(`<td class="tl-no-print">`)
		w.ownRating(g)
		w.raw(`</td>`)
	}
	w.raw("\n  </tr>")
}

// goalForm opens a form posting to one of a goal's addresses, the rest of
// the form tag and what comes before the CSRF token in between.
func (w *goalRowWriter) goalForm(g *goalView, between string) {
	w.raw(`<form method="post" action="/people/`)
	w.int(w.d.Person.ID)
	w.raw("/care-plan/goals/")
	w.int(g.ID)
	w.raw("/" + between + `<input type="hidden" name="csrf_token" value="`)
	w.text(w.csrf)
	w.raw(`">`)
}

// ratingSelect writes a 0 to 10 select with no rating chosen.
func (w *goalRowWriter) ratingSelect(f *formField) {
	f.Options = preparedRatings
	if err := w.selectField(f); err != nil {
		panic(err) // prepared options are never refused
	}
}

// carePlanClosedRows is the body rows of the achieved and set-aside
// goals' table.
func carePlanClosedRows(v view) template.HTML {
	w := newCarePlanRows(v, len(v.D.(carePlanData).Closed))
	for i := range w.d.Closed {
		g := &w.d.Closed[i]
		w.raw("<tr>\n    <td>")
		w.languageFlags(w.flagsOf(g.Text, g.OwnWords))
		w.raw("“")
		w.text(g.Text)
		w.raw("”</td>\n    <td><strong class=\"nhsuk-tag ")
		if g.Status == care.GoalAchieved {
			w.raw("nhsuk-tag--green")
		} else {
			w.raw("nhsuk-tag--grey")
		}
		w.raw(`">`)
		w.text(g.StatusLabel)
		w.raw("</strong>")
		if !g.StatusChangedAt.IsZero() {
			w.raw(` <span class="tl-muted">on `)
			w.text(shownDate(g.StatusChangedAt))
			if g.StatusChangedBy != "" {
				w.raw(" by ")
				w.text(g.StatusChangedBy)
			}
			w.raw("</span>")
		}
		w.raw("</td>\n    <td class=\"tl-num\">")
		if g.Latest != "" {
			w.text(g.Latest)
		} else {
			w.raw("Not rated")
		}
		w.raw("</td>\n    ")
		if w.d.CanEdit {
			w.raw(`<td class="tl-no-print">`)
			w.statusForm(g)
			w.raw(`</td>`)
		}
		w.raw("\n  </tr>")
	}
	return template.HTML(w.String())
}

// statusForm writes a goal's status buttons; the first carries the id its
// problems link to.
func (w *goalRowWriter) statusForm(g *goalView) {
	id := "goal-" + strconv.FormatInt(g.ID, 10) + "-status"
	fe := w.errs.field(id)
	w.raw("\n")
	w.goalForm(g, "status\" novalidate class=\"tl-goal-status\">\n  ")
	w.raw("<input type=\"hidden\" name=\"version\" value=\"")
	w.int(int64(g.Version))
	w.raw("\">\n  <div class=\"nhsuk-form-group")
	if fe != "" {
		w.raw(" nhsuk-form-group--error")
	}
	w.raw(" nhsuk-u-margin-bottom-0\">\n    ")
	if fe != "" {
		w.raw(`<span class="nhsuk-error-message" id="`)
		w.text(id)
		w.raw(`-error"><span class="nhsuk-u-visually-hidden">Error:</span> `)
		w.text(fe)
		w.raw(`</span>`)
	}
	w.raw("\n    ")
	if g.Status == care.GoalActive {
		w.raw("\n    ")
		w.statusButton(g, care.GoalAchieved, "Mark achieved", id, fe)
		w.raw("\n    ")
		w.statusButton(g, care.GoalSetAside, "Set aside", "", "")
	} else {
		w.raw("\n    ")
		w.statusButton(g, care.GoalActive, "Reopen", id, fe)
	}
	w.raw("\n    \n  </div>\n</form>\n")
}

// statusButton writes one status button; the first has the id (and, with
// a problem, its error's id).
func (w *goalRowWriter) statusButton(g *goalView, status, label, id, fe string) {
	w.raw(`<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" name="status" value="` + status + `"`)
	if id != "" {
		w.raw(` id="`)
		w.text(id)
		w.raw(`"`)
		if fe != "" {
			w.raw(` aria-describedby="`)
			w.text(id)
			w.raw(`-error"`)
		}
	}
	w.raw(">" + label + `<span class="nhsuk-u-visually-hidden">: “`)
	w.text(g.Text)
	w.raw("”</span></button>")
}

// ownRating writes the person's own rating of one of their goals, 0 to 10.
func (w *goalRowWriter) ownRating(g *goalView) {
	w.raw("\n")
	w.goalForm(g, "my-rating\" novalidate class=\"tl-own-rating\">\n  ")
	w.raw("\n  ")
	w.ratingSelect(&formField{Name: textValue("rating"), ID: textValue("my-rating-" + strconv.FormatInt(g.ID, 10)),
		Label: textValue("How close do you feel to “" + g.Text + "” now?"), Hint: textValue("0 is not at all, 10 is you have reached it"),
		Blank: textValue("Choose a number")})
	w.raw("\n  <button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0\" type=\"submit\">Save my rating<span class=\"nhsuk-u-visually-hidden\"> for “")
	w.text(g.Text)
	w.raw("”</span></button>\n</form>\n")
}

// carePlanDomains is the care plan form's areas of life: for each, a box
// for the need and a row (a text box and an owner select) per action. The
// first row's text box carries the area's action error, and the id the
// error summary links to.
func carePlanDomains(f planForm) template.HTML {
	var w htmlWriter
	w.Grow(len(f.Domains) * 4000)
	owners := prepareOptions(f.Owners)
	var labels rowLabels
	for _, d := range f.Domains {
		w.raw("\n  <fieldset class=\"nhsuk-fieldset nhsuk-u-margin-bottom-5\">\n    <legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--m\">")
		w.text(d.Label)
		w.raw("</legend>\n    ")
		need := formField{Name: textValue("need-" + d.Code), ID: textValue("need-" + d.Code), Label: textValue("What the person needs: " + d.Label),
			Error: textValue(d.NeedError), Value: textValue(d.Need), Rows: textValue("2")}
		w.textarea(&need, need.languageFlags())
		w.raw("\n    ")
		for i, a := range d.Actions {
			n := strconv.Itoa(i)
			id, actionError := "action-"+d.Code, d.ActionError
			if i > 0 {
				id, actionError = id+"-"+n, ""
			}
			w.raw("\n    <div class=\"tl-action-row\">\n      ")
			w.input(&formField{Name: textValue("action-" + d.Code + "-text"), ID: textValue(id), Value: textValue(a.Text), Error: textValue(actionError),
				Label: htmlValue(labels.Label("Action "+strconv.Itoa(i+1), " for "+d.Label))})
			w.raw("\n      ")
			owner := formField{Name: textValue("action-" + d.Code + "-owner"), ID: textValue("owner-" + d.Code + "-" + n),
				Label: htmlValue(labels.Label("Who will do it", " (action "+strconv.Itoa(i+1)+", "+d.Label+")")),
				Blank: textValue("Choose who"), Options: owners, Chosen: a.Owner}
			if err := w.selectField(&owner); err != nil {
				panic(err) // prepared options are never refused
			}
			w.raw("\n    </div>\n    ")
		}
		w.raw("\n  </fieldset>\n  ")
	}
	return template.HTML(w.String())
}

// singleField is one of the care plan page's single fields: its control,
// its fixed values, and where its value and choices come from (nil: what
// was typed, no choices).
type singleField struct {
	control                  string // input, textarea or select
	label, hint, blank, rows string
	date, ownWords           bool
	value                    func(d *carePlanData, typed string) string
	options                  func(d *carePlanData) any
}

var carePlanSingleFields = map[string]singleField{
	"goal_text": {control: "textarea", label: "The goal", rows: "2",
		hint: "Write it as the person says it. For example: “To feel safe enough to go to my sister's for Sunday lunch.”"},
	"goal_rating": {control: "select", label: "How close the person feels to it now, 0 to 10", blank: "Not rated yet",
		options: func(*carePlanData) any { return preparedRatings }},
	"review_on": {control: "input", label: "Review date", date: true,
		value: func(d *carePlanData, _ string) string { return d.Form.ReviewOn }},
	"person_comments": {control: "textarea", label: "The person's comments, in their own words", rows: "4", ownWords: true,
		value: func(d *carePlanData, _ string) string { return d.Form.Comments }},
	"liaison_on": {control: "input", label: "Date", date: true, value: func(d *carePlanData, typed string) string {
		if typed == "" {
			return d.Today
		}
		return typed
	}},
	"liaison_agency": {control: "select", label: "Agency", blank: "Choose an agency",
		options: func(d *carePlanData) any { return d.Agencies }},
	"liaison_contact": {control: "input", label: "Who you spoke to"},
	"liaison_domain": {control: "select", label: "Which need it was about", blank: "Choose a need",
		options: func(d *carePlanData) any { return d.Domains }},
	"liaison_discussed": {control: "textarea", label: "What was discussed and agreed"},
}

// carePlanField draws one of the page's single fields in Go, with what was
// typed in its form and its error: the new goal's text and rating, the
// review date and the person's comments, and the liaison form's fields.
func carePlanField(v view, name string) (template.HTML, error) {
	spec, ok := carePlanSingleFields[name]
	if !ok {
		return "", fmt.Errorf("the care plan has no field %q", name)
	}
	d := v.D.(carePlanData)
	typed := v.Form.Get(name)
	value := typed
	if spec.value != nil {
		value = spec.value(&d, typed)
	}
	f := formField{Name: textValue(name), ID: textValue(name), Error: textValue(v.Errors.field(name)), Value: textValue(value), Chosen: typed,
		Label: textValue(spec.label), Hint: textValue(spec.hint), Blank: textValue(spec.blank), Rows: textValue(spec.rows)}
	if spec.date {
		f.Type, f.Class = textValue("date"), textValue("nhsuk-input--width-10")
	}
	if spec.ownWords {
		f.OwnWords = textValue("true")
	}
	if spec.options != nil {
		f.Options = spec.options(&d)
	}
	var w htmlWriter
	w.Grow(1000)
	switch spec.control {
	case "input":
		w.input(&f)
	case "textarea":
		w.textarea(&f, f.languageFlags())
	default:
		if err := w.selectField(&f); err != nil {
			return "", err
		}
	}
	return template.HTML(w.String()), nil
}

// carePlanLiaisonRows is the body rows of the liaison table, newest
// first; carePlanVersionItems the list of earlier versions. Both grow
// with the plan's history.
func carePlanLiaisonRows(v view) template.HTML {
	d := v.D.(carePlanData)
	if len(d.Liaisons) == 0 {
		return `<tr><td colspan="6">No liaison recorded.</td></tr>`
	}
	var w htmlWriter
	w.Grow(len(d.Liaisons) * 300)
	for _, l := range d.Liaisons {
		w.raw("<tr>")
		for _, cell := range [...]string{shownDate(l.On), l.AgencyLabel(), l.Contact, l.DomainLabel()} {
			w.raw("<td>")
			w.text(cell)
			w.raw("</td>")
		}
		w.raw("<td>")
		w.languageFlags(languageFlags(v.User, l.Discussed).Flags)
		w.text(l.Discussed)
		w.raw("</td><td>")
		w.text(l.RecordedBy)
		w.raw("</td></tr>")
	}
	return template.HTML(w.String())
}

func carePlanVersionItems(d carePlanData) template.HTML {
	var w htmlWriter
	w.Grow(len(d.Versions) * 80)
	for _, pv := range d.Versions {
		w.raw("<li>Version ")
		w.int(int64(pv.Version))
		w.raw(": ")
		w.text(pv.SavedBy)
		w.raw(", ")
		w.text(uktime.DateTime(pv.SavedAt))
		w.raw("</li>")
	}
	return template.HTML(w.String())
}

func init() {
	funcs["carePlanLiaisonRows"] = carePlanLiaisonRows
	funcs["carePlanVersionItems"] = carePlanVersionItems
	funcs["carePlanField"] = carePlanField
	funcs["carePlanGoalRows"] = carePlanGoalRows
	funcs["carePlanClosedRows"] = carePlanClosedRows
	funcs["carePlanDomains"] = carePlanDomains
}

// goalRatings are the choices of a goal's rating, 0 to 10: in the add-goal
// form's select, and prepared once for each goal's.
var goalRatings = func() []form.Option {
	var out []form.Option
	for n := range 11 {
		out = append(out, form.Option{Value: strconv.Itoa(n), Label: strconv.Itoa(n)})
	}
	return out
}()

var preparedRatings = prepareOptions(goalRatings)
