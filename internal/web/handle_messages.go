package web

import (
	"net/http"
	"slices"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type messagesData struct {
	Messages store.Paged[store.OutboxMessage]
	Rows     []messageRow
	Pager    pager
	Status   string
	Statuses []form.Option
	AllTeams bool // the system administrator sees every team's messages
}

// messageStatuses are the outbox states in words, for the filter.
var messageStatuses = form.Options("", "All", store.MessageQueued, "Queued", store.MessageSending, "Sending",
	store.MessageSent, "Sent", store.MessageRetry, "Waiting to try again", store.MessageFailed, "Failed", store.MessageCancelled, "Not needed")

// handleMessages lists the outbox. It shows what an administrator needs to
// see that messages flow (kind, channel, status, tries, the last error)
// and no more: no names, no message text, and only the end of each
// number or address.
func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) error {
	d := messagesData{Status: r.URL.Query().Get("status"), Statuses: messageStatuses}
	if !slices.ContainsFunc(messageStatuses, func(o form.Option) bool { return o.Value == d.Status }) {
		return &statusError{status: http.StatusBadRequest, message: "Choose a status from the list."}
	}
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	f := store.MessageFilter{Status: d.Status}
	u := currentUser(r)
	if d.AllTeams = u.Role == auth.SystemAdmin; !d.AllTeams {
		f.TeamIDs = append([]int64{}, u.TeamIDs...)
	}
	if d.Messages, err = s.db.MessagesPage(r.Context(), f, page); err != nil {
		return err
	}
	if d.Pager, err = newPager(r, "page", d.Messages); err != nil {
		return err
	}
	for _, m := range d.Messages.Rows {
		d.Rows = append(d.Rows, messageRow{OutboxMessage: m, To: maskRecipient(m.Recipient)})
	}
	s.render(w, r, http.StatusOK, "messages", view{Title: "Messages", D: d})
	return nil
}

// messageRow is one message as the list shows it.
type messageRow struct {
	store.OutboxMessage
	To string // masked
}

// maskRecipient keeps the last three digits of a number, or the first
// letter and the domain of an address: enough to tell two apart.
func maskRecipient(s string) string {
	if s == "" {
		return ""
	}
	if at := strings.LastIndexByte(s, '@'); at > 0 {
		return s[:1] + "…" + s[at:]
	}
	digits := strings.ReplaceAll(s, " ", "")
	if len(digits) <= 3 {
		return "…"
	}
	return "…" + digits[len(digits)-3:]
}
