package web

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/store"
)

// oldWaitingRows is the waiting list's row range as a template, before
// its rows moved into Go (hot_waiting.go): what the Go must write.
const oldWaitingRows = `{{define "waiting-rows"}}{{range .}}<tr>
    <td><a href="/referrals/{{.ID}}">{{.PersonName}}</a> <span class="tl-muted">{{.Reference}}</span></td><td>{{.ServiceName}}</td><td>{{statusLabel .Status}}</td>
    <td data-days="{{.FromReferralDays}}">{{.FromReferral}}</td><td data-days="{{.FromAcceptanceDays}}">{{.FromAcceptance}}</td>
    <td><strong class="nhsuk-tag tl-rag tl-rag--{{.RAG}}{{if eq (print .RAG) "red"}} nhsuk-tag--red{{else if eq (print .RAG) "amber"}} nhsuk-tag--yellow{{else}} nhsuk-tag--green{{end}}">{{.RAG.Label}}</strong></td>
    <td>{{if .LastContact}}{{.LastContact}}{{else}}None recorded{{end}}</td>
  </tr>{{else}}<tr><td colspan="7">Nobody is waiting.</td></tr>{{end}}{{end}}`

// TestWaitingRowsMatchTheirTemplate: the waiting list's rows written in Go
// are the rows its template wrote, for every rating and status, plain and
// awkward text, no last contact, odd numbers, and an empty list.
func TestWaitingRowsMatchTheirTemplate(t *testing.T) {
	old := template.Must(template.New("old").Funcs(funcs).Parse(oldWaitingRows))
	received := time.Date(2026, 7, 5, 23, 30, 0, 0, time.UTC)
	row := func(id int64, status care.ReferralStatus, rag care.RAG, person, service, last string) waitingRow {
		return waitingRow{WaitingRow: store.WaitingRow{
			ReferralDetail: care.ReferralDetail{Referral: care.Referral{ID: id, PersonID: id + 1, Status: status, ReceivedAt: received}},
			PersonName:     person, ServiceName: service, LastContact: last},
			FromReferral: "3 weeks 2 days", FromReferralDays: 23, FromAcceptance: "5 days", FromAcceptanceDays: 5, RAG: rag}
	}
	rows := []waitingRow{
		row(1, care.ReferralWaiting, care.RAGGreen, "SMITH, Jo", "CEN service", "2026-11-02"),
		row(22, care.ReferralAssessBooked, care.RAGAmber, "DOE, Alex", "CEN service", ""),
		row(333333, care.ReferralAccepted, care.RAGRed, awkward, awkward, awkward),
		row(-4, "an-unknown-status<&>", "odd<&>\"'", "", "", ""),
		{},
	}
	rows[1].FromReferral, rows[1].FromReferralDays, rows[1].FromAcceptance, rows[1].FromAcceptanceDays = awkward, -1, "", 1<<40
	for _, data := range [][]waitingRow{nil, {}, rows[:1], rows} {
		var want strings.Builder
		if err := old.ExecuteTemplate(&want, "waiting-rows", data); err != nil {
			t.Fatal(err)
		}
		if got := string(waitingTableRows(data)); got != want.String() {
			t.Errorf("%d rows:\ngot  %q\nwant %q", len(data), got, want.String())
		}
	}
}
