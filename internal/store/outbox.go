package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
)

// Outbox message states.
const (
	MessageQueued    = "queued"
	MessageSending   = "sending"
	MessageSent      = "sent"
	MessageRetry     = "retry"
	MessageFailed    = "failed"
	MessageCancelled = "cancelled"
)

// OutboxMessage is one text or email about an appointment, from being
// queued to being sent (or not).
type OutboxMessage struct {
	ID            int64
	AppointmentID int64
	PersonID      int64
	Kind          care.MessageKind
	Channel       care.Channel
	Occasion      string
	StartsAt      time.Time // the appointment's start when the message was queued
	Reference     string
	Status        string
	Attempts      int
	DueAt         time.Time
	Recipient     string
	ClaimedBy     string
	ClaimedAt     time.Time
	SentAt        time.Time
	Transport     string
	NotifyID      string
	LastError     string
	CreatedAt     time.Time
}

// QueueMessage adds a message unless one for the same appointment, kind,
// channel and occasion already exists, and reports whether it did.
func (db *DB) QueueMessage(ctx context.Context, m *OutboxMessage) (bool, error) {
	var queued bool
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		queued, err = tx.QueueMessage(ctx, m)
		return err
	})
	return queued, err
}

// QueueMessage queues a message inside t.
func (t *Tx) QueueMessage(ctx context.Context, m *OutboxMessage) (bool, error) {
	now := t.db.Now()
	m.Reference = fmt.Sprintf("tl-%d-%s-%s-%d", m.AppointmentID, m.Kind, m.Channel, m.StartsAt.Unix())
	m.Status = MessageQueued
	res, err := t.exec(ctx, `INSERT INTO outbox_messages (appointment_id, person_id, kind, channel, occasion, starts_at, reference, status, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING`,
		m.AppointmentID, m.PersonID, string(m.Kind), string(m.Channel), m.Occasion, m.StartsAt.UTC(), m.Reference, m.DueAt.UTC(), now, now)
	if err != nil {
		return false, fmt.Errorf("queue message: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("queue message: %w", err)
	}
	return n == 1, nil
}

// OutboxMessage reads one message.
func (db *DB) OutboxMessage(ctx context.Context, id int64) (OutboxMessage, error) {
	var m OutboxMessage
	err := db.view(ctx, func(tx *Tx) error {
		return notFound(scanOutbox(tx.queryRow(ctx, `SELECT `+outboxColumns+` FROM outbox_messages WHERE id = ?`, id), &m), "message")
	})
	return m, err
}

const outboxColumns = `id, appointment_id, person_id, kind, channel, occasion, starts_at, reference, status, attempts, due_at, recipient,
	claimed_by, claimed_at, sent_at, transport, notify_id, last_error, created_at`

func scanOutbox(s scanner, m *OutboxMessage) error {
	var kind, channel string
	err := s.Scan(&m.ID, &m.AppointmentID, &m.PersonID, &kind, &channel, &m.Occasion, dbTime{&m.StartsAt}, &m.Reference, &m.Status,
		&m.Attempts, dbTime{&m.DueAt}, &m.Recipient, &m.ClaimedBy, dbTime{&m.ClaimedAt}, dbTime{&m.SentAt}, &m.Transport, &m.NotifyID,
		&m.LastError, dbTime{&m.CreatedAt})
	m.Kind, m.Channel = care.MessageKind(kind), care.Channel(channel)
	return err
}

// ClaimedMessage is a message one process has claimed to send, with what
// it needs to decide whether and what to send now.
type ClaimedMessage struct {
	OutboxMessage
	Prefs       care.ContactPrefs
	Appointment care.Appointment
	Content     care.AppointmentMessage
	// Recovering: the message was claimed before and may already have
	// reached the transport, so it must be looked up before sending again.
	Recovering bool
}

// ClaimMessages claims up to limit messages due at now for one process
// (worker names it). A message left in "sending" longer than lease, by a
// process that stopped, is claimed again for recovery. The claim is an
// UPDATE guarded by the status read, so when two processes race for a row
// only one update takes it.
func (db *DB) ClaimMessages(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]ClaimedMessage, error) {
	var out []ClaimedMessage
	err := db.Update(ctx, func(tx *Tx) error {
		out = nil
		cands, err := queryAll(ctx, tx, "due messages", `SELECT `+outboxColumns+` FROM outbox_messages
			WHERE (status IN ('queued', 'retry') AND due_at <= ?) OR (status = 'sending' AND claimed_at <= ?)
			ORDER BY due_at, id LIMIT ?`, []any{now.UTC(), now.Add(-lease).UTC(), limit}, scanOutbox)
		if err != nil {
			return err
		}
		for _, m := range cands {
			res, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
				WHERE id = ? AND status = ? AND attempts = ?`, worker, now.UTC(), now.UTC(), m.ID, m.Status, m.Attempts)
			if err != nil {
				return fmt.Errorf("claim message %d: %w", m.ID, err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				continue // another process has it
			}
			c := ClaimedMessage{OutboxMessage: m, Recovering: m.Status == MessageSending || m.Attempts > 0}
			c.Status, c.Attempts, c.ClaimedBy, c.ClaimedAt = MessageSending, m.Attempts+1, worker, now
			if c.Prefs, err = tx.contactPrefs(ctx, m.PersonID); err != nil {
				return err
			}
			if c.Appointment, c.Content, err = tx.appointmentMessage(ctx, m.AppointmentID); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// appointmentMessage reads an appointment and what a message about it may
// say: the team (or, before an episode, the service) and its phone number.
func (t *Tx) appointmentMessage(ctx context.Context, id int64) (care.Appointment, care.AppointmentMessage, error) {
	ap, err := t.appointment(ctx, id)
	if err != nil {
		return ap, care.AppointmentMessage{}, err
	}
	var team, contact string
	err = t.queryRow(ctx, `SELECT COALESCE(tm.name, s.name, ''), COALESCE(s.contact, '{}') FROM appointments a
		LEFT JOIN episodes e ON e.id = a.episode_id LEFT JOIN teams tm ON tm.id = e.team_id
		LEFT JOIN referrals r ON r.id = a.referral_id
		LEFT JOIN services s ON s.id = COALESCE(tm.service_id, r.service_id)
		WHERE a.id = ?`, id).Scan(&team, &contact)
	if err != nil {
		return ap, care.AppointmentMessage{}, fmt.Errorf("read the team for appointment %d: %w", id, err)
	}
	return ap, care.AppointmentMessage{Team: team, StartsAt: ap.StartsAt, Place: ap.Location, Phone: contactPhone(contact)}, nil
}

// outboxAudit records what happened to a message on the person's record,
// without its content.
func (t *Tx) outboxAudit(ctx context.Context, action string, m OutboxMessage) error {
	return t.audit(ctx, auth.System.Event(action, m.PersonID, fmt.Sprintf("message/%d", m.ID)))
}

// MarkMessageSent records that the transport accepted a claimed message,
// audited on the person's record.
func (db *DB) MarkMessageSent(ctx context.Context, m OutboxMessage, transport, notifyID, recipient string) error {
	return db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		if _, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'sent', sent_at = ?, transport = ?, notify_id = ?, recipient = ?, last_error = '', updated_at = ?
			WHERE id = ?`, now, transport, notifyID, recipient, now, m.ID); err != nil {
			return fmt.Errorf("mark message %d sent: %w", m.ID, err)
		}
		return tx.outboxAudit(ctx, auth.ActionMessageSent, m)
	})
}

// RetryMessage puts a claimed message back to be tried again at next.
func (db *DB) RetryMessage(ctx context.Context, m OutboxMessage, next time.Time, why string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'retry', due_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
			next.UTC(), clip(why, 500), tx.db.Now(), m.ID)
		if err != nil {
			return fmt.Errorf("retry message %d: %w", m.ID, err)
		}
		return nil
	})
}

// WaitMessage puts a claimed message back, untried, until at: the person's
// preferred contact times have not come yet. The claim's attempt is given
// back, since nothing was sent.
func (db *DB) WaitMessage(ctx context.Context, m OutboxMessage, at time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'queued', due_at = ?, attempts = attempts - 1, updated_at = ? WHERE id = ?`,
			at.UTC(), tx.db.Now(), m.ID)
		if err != nil {
			return fmt.Errorf("hold message %d: %w", m.ID, err)
		}
		return nil
	})
}

// FailMessage stops a message for good: a permanent refusal or too many
// tries. Audited, so the record shows a reminder was not sent.
func (db *DB) FailMessage(ctx context.Context, m OutboxMessage, why string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`,
			clip(why, 500), tx.db.Now(), m.ID); err != nil {
			return fmt.Errorf("fail message %d: %w", m.ID, err)
		}
		return tx.outboxAudit(ctx, auth.ActionMessageFailed, m)
	})
}

// CancelMessage drops a message nobody wants any more: the person opted
// out, or the appointment moved, was cancelled or has started.
func (db *DB) CancelMessage(ctx context.Context, m OutboxMessage, why string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE outbox_messages SET status = 'cancelled', last_error = ?, updated_at = ? WHERE id = ?`,
			clip(why, 500), tx.db.Now(), m.ID)
		if err != nil {
			return fmt.Errorf("cancel message %d: %w", m.ID, err)
		}
		return nil
	})
}

// contactPhone is the phone number in a service's contact details, or ""
// when the details cannot be read: a message then says to use the number
// on the letter rather than not being sent.
func contactPhone(contact string) string {
	var c directory.Contact
	if json.Unmarshal([]byte(contact), &c) != nil {
		return ""
	}
	return c.Phone
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// MessageCandidate is an upcoming or recently changed appointment of a
// person who opted in to messages, with what we have told them so far.
type MessageCandidate struct {
	AppointmentID int64
	PersonID      int64
	StartsAt      time.Time
	Outcome       care.Outcome
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Prefs         care.ContactPrefs
	// ToldOtherTime: a message giving another start time was sent, so
	// the person needs to hear it moved. ToldAny: anything was sent.
	ToldOtherTime, ToldAny bool
}

// MessageCandidates lists appointments of people who opted in to texts or
// emails that may need a message: those starting between now and
// remindBy (for reminders), and those booked, moved or cancelled since
// changedSince that are still to come. It reads no clinical content.
func (db *DB) MessageCandidates(ctx context.Context, now, remindBy, changedSince time.Time, limit int) ([]MessageCandidate, error) {
	var out []MessageCandidate
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "message candidates", `SELECT a.id, a.person_id, a.starts_at, a.outcome, a.created_at, a.updated_at,
			c.mobile, c.email, c.text_opt_in, c.email_opt_in, c.contact_times,
			(SELECT COUNT(*) FROM outbox_messages o WHERE o.appointment_id = a.id AND o.status = 'sent' AND o.starts_at <> a.starts_at),
			(SELECT COUNT(*) FROM outbox_messages o WHERE o.appointment_id = a.id AND o.status = 'sent')
			FROM appointments a JOIN contact_prefs c ON c.person_id = a.person_id
			WHERE (c.text_opt_in OR c.email_opt_in) AND a.starts_at > ? AND a.starts_at <= ?
				AND (a.starts_at <= ? OR a.updated_at >= ?)
			ORDER BY a.starts_at, a.id LIMIT ?`, []any{now.UTC(), now.AddDate(0, 6, 0).UTC(), remindBy.UTC(), changedSince.UTC(), limit},
			func(s scanner, m *MessageCandidate) error {
				var outcome, times string
				var other, any int
				err := s.Scan(&m.AppointmentID, &m.PersonID, dbTime{&m.StartsAt}, &outcome, dbTime{&m.CreatedAt}, dbTime{&m.UpdatedAt},
					&m.Prefs.Mobile, &m.Prefs.Email, &m.Prefs.Text, &m.Prefs.EmailOK, &times, &other, &any)
				m.Outcome, m.Prefs.Times, m.Prefs.PersonID = care.Outcome(outcome), care.ContactTimes(times), m.PersonID
				m.ToldOtherTime, m.ToldAny = other > 0, any > 0
				return err
			})
		return err
	})
	return out, err
}

// MessageFilter narrows the outbox list: by status, and to the teams a
// manager manages (nil: every team, for the system administrator).
type MessageFilter struct {
	Status  string
	TeamIDs []int64
}

// MessagesPage lists the outbox newest first, a page at a time, with the
// total under the same filter.
func (db *DB) MessagesPage(ctx context.Context, f MessageFilter, p Page) (Paged[OutboxMessage], error) {
	out := Paged[OutboxMessage]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	var conds []string
	var args []any
	if f.Status != "" {
		conds, args = append(conds, "status = ?"), append(args, f.Status)
	}
	if f.TeamIDs != nil {
		marks := "NULL"
		if len(f.TeamIDs) > 0 {
			marks = strings.TrimSuffix(strings.Repeat("?, ", len(f.TeamIDs)), ", ")
		}
		conds = append(conds, `appointment_id IN (SELECT a.id FROM appointments a JOIN episodes e ON e.id = a.episode_id WHERE e.team_id IN (`+marks+`))`)
		for _, id := range f.TeamIDs {
			args = append(args, id)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM outbox_messages`+where, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count messages: %w", err)
		}
		var err error
		out.Rows, err = queryAll(ctx, tx, "list messages", `SELECT `+outboxColumns+` FROM outbox_messages`+where+
			` ORDER BY created_at DESC, id DESC`+p.sql(), args, scanOutbox)
		return err
	})
	return out, err
}
