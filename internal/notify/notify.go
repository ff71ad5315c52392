// Package notify sends texts and emails through GOV.UK Notify's v2 API, or
// keeps them in the local outbox when no Notify key is configured.
package notify

import (
	"context"
	"errors"
	"fmt"
)

// Message is one text or email to send.
type Message struct {
	Channel         string // "sms" or "email"
	To              string // mobile number or email address
	TemplateID      string
	Personalisation map[string]string
	// Reference is ours, unique per message: it is how a message that may
	// have been sent before a crash is found again at Notify.
	Reference string
}

// Receipt is what the transport knows of a message it accepted.
type Receipt struct {
	ID     string // Notify's notification id
	Status string // Notify's status, e.g. "created", "delivered"
}

// Sender is a transport: Notify itself, or the local outbox.
type Sender interface {
	Send(ctx context.Context, m Message) (Receipt, error)
	// Lookup finds a message already accepted under a reference; found is
	// false when the transport has never seen it.
	Lookup(ctx context.Context, reference string) (r Receipt, found bool, err error)
	Name() string
}

// Error is a failure to send, classified so the outbox knows whether to try
// again.
type Error struct {
	Status    int  // HTTP status; 0 for a network failure
	Temporary bool // worth trying again later
	Message   string
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return "notify: " + e.Message
	}
	return fmt.Sprintf("notify: %d %s", e.Status, e.Message)
}

// Temporary reports whether err is worth trying again: a network failure,
// a rate limit or a server error. Anything unclassified counts as temporary
// so a message is never dropped on an error we did not foresee.
func Temporary(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Temporary
	}
	return true
}

// Outbox is the transport used when no Notify key is configured, and by the
// demo: the message stays in the outbox table, marked sent, where
// /admin/messages shows it. Nothing leaves the machine.
type Outbox struct{}

// Name names the transport.
func (Outbox) Name() string { return "outbox" }

// Send accepts the message at once.
func (Outbox) Send(_ context.Context, m Message) (Receipt, error) {
	return Receipt{ID: "outbox-" + m.Reference, Status: "kept-in-outbox"}, nil
}

// Lookup finds nothing: a message the outbox transport "sent" was never
// anywhere but the table, so there is nothing to duplicate.
func (Outbox) Lookup(context.Context, string) (Receipt, bool, error) {
	return Receipt{}, false, nil
}
