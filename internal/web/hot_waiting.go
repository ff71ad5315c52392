package web

import (
	"html/template"

	"throughline/internal/care"
)

// waitingTableRows is the body rows of the waiting list's table: fifty
// rows a page, each a dozen values. As a template range, every value was
// a reflective read through three embedded structs (WaitingRow,
// ReferralDetail, Referral) and an escaper call, and the rows were about
// half the page's CPU. It writes what the range wrote, byte for byte
// (TestWaitingRowsMatchTheirTemplate).
func waitingTableRows(rows []waitingRow) template.HTML {
	if len(rows) == 0 {
		return `<tr><td colspan="7">Nobody is waiting.</td></tr>`
	}
	w := newRowWriter(len(rows))
	for _, r := range rows {
		w.raw("<tr>\n    <td><a href=\"/referrals/")
		w.int(r.ID)
		w.raw(`">`)
		w.text(r.PersonName)
		w.raw(`</a> <span class="tl-muted">`)
		w.text(r.Reference())
		w.raw("</span></td><td>")
		w.text(r.ServiceName)
		w.raw("</td><td>")
		w.text(r.Status.Label())
		w.raw("</td>\n    <td data-days=\"")
		w.int(int64(r.FromReferralDays))
		w.raw(`">`)
		w.text(r.FromReferral)
		w.raw(`</td><td data-days="`)
		w.int(int64(r.FromAcceptanceDays))
		w.raw(`">`)
		w.text(r.FromAcceptance)
		w.raw("</td>\n    <td><strong class=\"nhsuk-tag tl-rag tl-rag--")
		w.text(string(r.RAG))
		switch r.RAG {
		case care.RAGRed:
			w.raw(" nhsuk-tag--red")
		case care.RAGAmber:
			w.raw(" nhsuk-tag--yellow")
		default:
			w.raw(" nhsuk-tag--green")
		}
		w.raw(`">`)
		w.text(r.RAG.Label())
		w.raw("</strong></td>\n    <td>")
		if r.LastContact != "" {
			w.text(r.LastContact)
		} else {
			w.raw("None recorded")
		}
		w.raw("</td>\n  </tr>")
	}
	return template.HTML(w.String())
}
