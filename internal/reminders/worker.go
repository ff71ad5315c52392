// Package reminders queues texts and emails about appointments for people
// who asked for them, and delivers the outbox through a notify.Sender.
package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"throughline/internal/care"
	"throughline/internal/notify"
	"throughline/internal/store"
)

// Worker queues and sends messages. Several processes may run one each
// against the same database: a message is claimed in the database before
// it is sent, so only one of them sends it.
type Worker struct {
	DB     *store.DB
	Sender notify.Sender
	// Templates are the Notify template ids per channel ("sms", "email").
	Templates map[care.Channel]string
	Name      string // this process, recorded on the messages it claims
	Log       *slog.Logger

	MaxAttempts int           // tries before a temporary failure becomes final
	FirstRetry  time.Duration // wait after the first failure, doubled each time
	MaxRetry    time.Duration // longest wait between tries
	Lease       time.Duration // how long a claim holds before another process may recover it
	Batch       int           // messages claimed at a time
}

// Defaults fills in the settings left zero.
func (w *Worker) Defaults() {
	if w.MaxAttempts == 0 {
		w.MaxAttempts = 6
	}
	if w.FirstRetry == 0 {
		w.FirstRetry = time.Minute
	}
	if w.MaxRetry == 0 {
		w.MaxRetry = time.Hour
	}
	if w.Lease == 0 {
		w.Lease = 10 * time.Minute
	}
	if w.Batch == 0 {
		w.Batch = 50
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if w.Name == "" {
		w.Name = "throughline"
	}
}

// Run queues and delivers every interval until ctx ends. It returns once
// the round in progress has finished, so shutdown never cuts a send in
// half (and if the process dies instead, recovery looks the message up).
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	w.Defaults()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		// The round itself is not cancelled by shutdown: it is short
		// and bounded, and finishing it leaves no message in "sending".
		if err := w.Round(context.WithoutCancel(ctx)); err != nil {
			w.Log.Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Round queues what is due to be queued and delivers what is due to go.
func (w *Worker) Round(ctx context.Context) error {
	w.Defaults()
	now := w.DB.Now()
	return errors.Join(w.Enqueue(ctx, now), w.Deliver(ctx, now))
}

// Enqueue queues reminders for appointments in the next two days and
// notices of appointments booked, moved or cancelled in the last day, for
// people who opted in to a channel. Each is queued once: the outbox's
// unique key ignores a second attempt.
func (w *Worker) Enqueue(ctx context.Context, now time.Time) error {
	cands, err := w.DB.MessageCandidates(ctx, now, now.Add(49*time.Hour), now.Add(-24*time.Hour), 5000)
	if err != nil {
		return err
	}
	for _, c := range cands {
		for _, m := range Plan(c, now) {
			if _, err := w.DB.QueueMessage(ctx, &m); err != nil {
				return err
			}
		}
	}
	return nil
}

// Plan decides which messages an appointment needs now, for each channel
// the person opted in to, each due at the person's next preferred time.
// Nothing is planned that could only arrive after the appointment starts.
func Plan(c store.MessageCandidate, now time.Time) []store.OutboxMessage {
	occasion := c.StartsAt.UTC().Format(time.RFC3339)
	type plan struct {
		kind     care.MessageKind
		occasion string
		want     time.Time
	}
	var plans []plan
	switch {
	case c.Outcome == care.OutcomeCancelledByTeam:
		if c.UpdatedAt.After(now.Add(-24 * time.Hour)) {
			plans = append(plans, plan{care.MessageCancelled, "", now})
		}
	case c.Outcome != care.OutcomeNone:
		return nil
	default:
		if c.ToldOtherTime {
			plans = append(plans, plan{care.MessageMoved, occasion, now})
		} else if !c.ToldAny && c.CreatedAt.After(now.Add(-24*time.Hour)) {
			plans = append(plans, plan{care.MessageBooked, "", now})
		}
		for i, r := range care.Reminders {
			due := c.StartsAt.Add(-r.Before)
			// Booked after the reminder was due: the booking notice says
			// it, and a reminder straight after would be noise. Likewise
			// an early reminder once a later one is due.
			if c.CreatedAt.After(due) || (i+1 < len(care.Reminders) && !now.Before(c.StartsAt.Add(-care.Reminders[i+1].Before))) {
				continue
			}
			plans = append(plans, plan{r.Kind, occasion, due})
		}
	}
	var out []store.OutboxMessage
	for _, p := range plans {
		at, ok := care.DueAt(p.want, c.StartsAt, c.Prefs.Times)
		if !ok {
			continue
		}
		for _, ch := range care.Channels {
			if !c.Prefs.Wants(ch) {
				continue
			}
			out = append(out, store.OutboxMessage{AppointmentID: c.AppointmentID, PersonID: c.PersonID, Kind: p.kind, Channel: ch,
				Occasion: p.occasion, StartsAt: c.StartsAt, DueAt: at})
		}
	}
	return out
}

// Deliver claims the messages due and sends each, or holds, retries,
// cancels or fails it.
func (w *Worker) Deliver(ctx context.Context, now time.Time) error {
	claimed, err := w.DB.ClaimMessages(ctx, w.Name, now, w.Lease, w.Batch)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range claimed {
		if err := w.deliver(ctx, c, now); err != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", c.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (w *Worker) deliver(ctx context.Context, c store.ClaimedMessage, now time.Time) error {
	if why := stale(c, now); why != "" {
		return w.DB.CancelMessage(ctx, c.OutboxMessage, why)
	}
	// Claimed before: the send may have reached the transport just before
	// a crash or a lost answer. Look first, so nobody gets it twice.
	if c.Recovering {
		r, found, err := w.Sender.Lookup(ctx, c.Reference)
		if err != nil {
			return w.failed(ctx, c, now, fmt.Errorf("looking up an earlier try: %w", err))
		}
		if found {
			return w.DB.MarkMessageSent(ctx, c.OutboxMessage, w.Sender.Name(), r.ID, recipient(c))
		}
	}
	if !c.Prefs.Times.Allows(now) {
		next := c.Prefs.Times.NextAllowed(now)
		if !next.Before(c.Appointment.StartsAt) {
			return w.DB.CancelMessage(ctx, c.OutboxMessage, "no preferred contact time before the appointment")
		}
		return w.DB.WaitMessage(ctx, c.OutboxMessage, next)
	}
	to := recipient(c)
	r, err := w.Sender.Send(ctx, notify.Message{Channel: string(c.Channel), To: to, TemplateID: w.Templates[c.Channel],
		Personalisation: c.Content.Personalisation(c.Kind), Reference: c.Reference})
	if err != nil {
		return w.failed(ctx, c, now, err)
	}
	return w.DB.MarkMessageSent(ctx, c.OutboxMessage, w.Sender.Name(), r.ID, to)
}

// stale says why a claimed message should no longer go, or "".
func stale(c store.ClaimedMessage, now time.Time) string {
	ap := c.Appointment
	switch {
	case !now.Before(ap.StartsAt):
		return "the appointment has started"
	case !c.Prefs.Wants(c.Channel):
		return "the person no longer wants messages this way"
	case c.Kind == care.MessageCancelled:
		if ap.Outcome != care.OutcomeCancelledByTeam {
			return "the appointment is no longer cancelled"
		}
	case ap.Outcome != care.OutcomeNone:
		return "the appointment was cancelled or has an outcome"
	case c.Occasion != "" && !c.StartsAt.Equal(ap.StartsAt):
		return "the appointment has moved"
	}
	return ""
}

func recipient(c store.ClaimedMessage) string {
	if c.Channel == care.ChannelEmail {
		return c.Prefs.Email
	}
	return c.Prefs.Mobile
}

// failed retries a temporary failure with exponential back-off, or stops a
// permanent one (or one tried too often) for good.
func (w *Worker) failed(ctx context.Context, c store.ClaimedMessage, now time.Time, err error) error {
	w.Log.Warn("message not sent", "message", c.ID, "attempt", c.Attempts, "err", err)
	if !notify.Temporary(err) {
		return w.DB.FailMessage(ctx, c.OutboxMessage, err.Error())
	}
	if c.Attempts >= w.MaxAttempts {
		return w.DB.FailMessage(ctx, c.OutboxMessage, fmt.Sprintf("gave up after %d tries: %v", c.Attempts, err))
	}
	next := now.Add(Backoff(c.Attempts, w.FirstRetry, w.MaxRetry))
	if !next.Before(c.Appointment.StartsAt) {
		return w.DB.FailMessage(ctx, c.OutboxMessage, fmt.Sprintf("could not be sent before the appointment: %v", err))
	}
	return w.DB.RetryMessage(ctx, c.OutboxMessage, next, err.Error())
}

// Backoff is the wait after the nth failed try: first, doubled each time,
// never more than most.
func Backoff(n int, first, most time.Duration) time.Duration {
	d := first
	for i := 1; i < n && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}
