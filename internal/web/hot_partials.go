package web

import (
	"html/template"

	"throughline/internal/care"
	"throughline/internal/store"
)

// The partials here are drawn on every person page and clinician home
// page, and on every page of a person's record (the banner) or of the
// whole service (the nav). As template ranges they were most of those
// pages' template CPU: each row's values were reflective reads and
// escaper calls. Their markup stays in the templates; only the repeated
// or per-value parts are written in Go, byte for byte as the templates
// wrote them (TestHotPartialsMatchTheirTemplates).

// referralTableRows is the body rows of the referral-table partial.
func referralTableRows(rows []store.ReferralRow) template.HTML {
	if len(rows) == 0 {
		return `<tr><td colspan="4">No referrals.</td></tr>`
	}
	w := newRowWriter(len(rows))
	for _, r := range rows {
		w.personCell(r.PersonID, r.PersonName)
		w.text(r.ServiceName)
		w.raw("</td><td>")
		w.text(shownDate(r.ReceivedAt))
		w.raw("</td>\n    <td><a href=\"/referrals/")
		w.int(r.ID)
		w.raw(`"><strong class="nhsuk-tag`)
		switch r.Status {
		case care.ReferralDeclined:
			w.raw(" nhsuk-tag--orange")
		case care.ReferralOutcome:
			w.raw(" nhsuk-tag--green")
		default:
			w.raw(" nhsuk-tag--blue")
		}
		w.raw(`">`)
		w.text(r.Status.Label())
		w.raw("</strong></a></td>\n  </tr>")
	}
	return template.HTML(w.String())
}

// newRowWriter is a writer with room for n table rows.
func newRowWriter(n int) *htmlWriter {
	w := &htmlWriter{}
	w.Grow(n * 320)
	return w
}

// personCell opens a table row with a cell linking to the person.
func (w *htmlWriter) personCell(id int64, name string) {
	w.raw("<tr>\n    <td><a href=\"/people/")
	w.int(id)
	w.raw(`">`)
	w.text(name)
	w.raw("</a></td><td>")
}

// episodeTableRows is the body rows of the episodes partial.
func episodeTableRows(rows []store.EpisodeRow) template.HTML {
	if len(rows) == 0 {
		return `<tr><td colspan="6">No episodes.</td></tr>`
	}
	w := newRowWriter(len(rows))
	for _, e := range rows {
		w.personCell(e.PersonID, e.PersonName)
		w.text(e.TeamName)
		w.raw("</td><td>")
		if e.Modality != "" {
			w.text(e.Modality)
		} else {
			w.text(e.Pathway)
		}
		w.raw("</td>\n    <td>")
		w.text(e.WorkerName)
		w.raw("</td><td>")
		w.text(shownDate(e.StartedAt))
		w.raw("</td>\n    <td>")
		if e.Active() {
			w.raw(`<strong class="nhsuk-tag nhsuk-tag--green">Active</strong>`)
		} else {
			w.raw(`<strong class="nhsuk-tag nhsuk-tag--grey">Ended `)
			w.text(shownDate(e.EndedAt))
			w.raw(`</strong>`)
		}
		w.raw("</td>\n  </tr>")
	}
	return template.HTML(w.String())
}

// navItems is the main navigation's links, the current page marked.
func navItems(links []navLink) template.HTML {
	var w htmlWriter
	w.Grow(len(links) * 48)
	for _, l := range links {
		w.raw(`<li><a href="`)
		w.href(l.Href)
		w.raw(`"`)
		if l.Current {
			w.raw(` aria-current="page"`)
		}
		w.raw(`>`)
		w.text(l.Label)
		w.raw(`</a></li>`)
	}
	return template.HTML(w.String())
}

// bannerHTML is the identity-banner partial: whose record this is, and
// their crisis plan.
func bannerHTML(b *recordBanner) template.HTML {
	var w htmlWriter
	w.Grow(700)
	w.raw("\n<section class=\"tl-banner\" aria-label=\"Whose record this is\" data-person=\"")
	w.int(b.PersonID)
	w.raw("\">\n  <p class=\"tl-banner__name\"><strong>")
	w.text(b.Name)
	w.raw("</strong>")
	if b.Preferred != "" {
		w.raw(` <span class="tl-banner__preferred">(prefers `)
		w.text(b.Preferred)
		w.raw(`)</span>`)
	}
	if b.Pronouns != "" {
		w.raw(` <span class="tl-muted">`)
		w.text(b.Pronouns)
		w.raw(`</span>`)
	}
	w.raw("</p>\n  <dl class=\"tl-banner__ids\">\n    <div><dt>Born</dt><dd>")
	w.text(b.Born)
	if b.Age != "" {
		w.raw(" (")
		w.text(b.Age)
		w.raw(" years)")
	}
	w.raw("</dd></div>\n    <div><dt>NHS number</dt><dd class=\"tl-banner__nhs\">")
	w.text(b.NHSNumber)
	w.raw("</dd></div>\n  </dl>\n  ")
	if b.CrisisURL != "" {
		bannerCrisis(&w, b)
	}
	w.raw("</section>\n")
	return template.HTML(w.String())
}

// bannerCrisis is the banner's line on the crisis plan, for those who may
// open it.
func bannerCrisis(w *htmlWriter, b *recordBanner) {
	w.raw("<p class=\"tl-banner__crisis\">\n    <a href=\"")
	w.href(b.CrisisURL)
	w.raw("\" class=\"tl-banner__crisis-link\">Crisis plan</a>\n    ")
	if b.CrisisExists {
		w.raw(`<span>last reviewed `)
		w.text(b.CrisisReviewed)
		w.raw(`</span>`)
	}
	w.raw("\n    ")
	if b.CrisisDue {
		w.raw(`<strong class="nhsuk-tag nhsuk-tag--orange">`)
		if b.CrisisExists {
			w.raw("Review due")
		} else {
			w.raw("No crisis plan yet")
		}
		w.raw(`</strong>`)
	}
	w.raw("\n  </p>\n")
}
