package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// FeedbackKey is the secret that signs the feedback form's timestamp. The
// first call makes it; every serve process reads the same one.
func (db *DB) FeedbackKey(ctx context.Context) ([]byte, error) {
	var secret string
	err := db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `SELECT secret FROM feedback_keys WHERE id = 1`).Scan(&secret)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO feedback_keys (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`, hex.EncodeToString(b)); err != nil {
			return fmt.Errorf("make feedback key: %w", err)
		}
		return tx.queryRow(ctx, `SELECT secret FROM feedback_keys WHERE id = 1`).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("feedback key: %w", err)
	}
	return hex.DecodeString(secret)
}

// AddFeedback stores feedback. With sub (the public form) it first counts
// what came from the same address in the last hour, in the same
// transaction, so the limit holds across serve processes; a submission
// the spam checks keep out is stored flagged with the reason and no error,
// so the sender learns nothing. Real feedback that fails validation is an
// Invalid error for the sender to put right. It returns the spam reason.
func (db *DB) AddFeedback(ctx context.Context, f *care.Feedback, addressHash string, sub *care.FeedbackSubmission) (string, error) {
	var reason string
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		reason = ""
		if sub != nil {
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM feedback WHERE address_hash = ? AND created_at >= ?`, addressHash, now.Add(-time.Hour)).Scan(&sub.Recent); err != nil {
				return fmt.Errorf("count recent feedback: %w", err)
			}
			sub.Now, sub.Text = now, f.Text
			reason = sub.SpamReason()
		}
		if reason == "" {
			if err := f.Validate(); err != nil {
				return err
			}
		} else {
			// Kept for checking the filter, cut to size and tied to no team.
			f.Text, f.Name, f.Contact = clip(f.Text, care.MaxFeedbackText), clip(f.Name, care.MaxFeedbackName), clip(f.Contact, care.MaxFeedbackName)
			f.TeamID, f.Answer = 0, care.FFTAnswer(clip(string(f.Answer), 20))
		}
		f.CreatedAt, f.Version = now, 1
		return tx.queryRow(ctx, `INSERT INTO feedback (team_id, answer, text, name, contact, wants_contact, from_portal, address_hash, spam, created_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`, nullID(f.TeamID), string(f.Answer), f.Text, f.Name, f.Contact, f.WantsContact, f.FromPortal,
			addressHash, reason, now).Scan(&f.ID)
	})
	return reason, err
}

const feedbackColumns = `SELECT f.id, COALESCE(f.team_id, 0), COALESCE(t.name, ''), f.answer, f.text, f.name, f.contact, f.wants_contact, f.from_portal,
	f.hidden, f.theme, f.reply, f.replied_at, f.created_at, f.version`

func scanFeedback(rows scanner, f *care.Feedback) error {
	var answer string
	err := rows.Scan(&f.ID, &f.TeamID, &f.TeamName, &answer, &f.Text, &f.Name, &f.Contact, &f.WantsContact, &f.FromPortal,
		&f.Hidden, &f.Theme, &f.Reply, dbTime{&f.RepliedAt}, dbTime{&f.CreatedAt}, &f.Version)
	f.Answer = care.FFTAnswer(answer)
	return err
}

// FeedbackPage is one page of the feedback about teamIDs (nil: every
// team) that passed the spam checks, newest first.
func (db *DB) FeedbackPage(ctx context.Context, teamIDs []int64, p Page) (Paged[care.Feedback], error) {
	where, args := ` FROM feedback f LEFT JOIN teams t ON t.id = f.team_id WHERE f.spam = ''`, []any{}
	if teamIDs != nil {
		where += ` AND f.team_id IN (0`
		where, args = appendIn(where, args, teamIDs)
		where += `)`
	}
	return readPage(ctx, db, p, "feedback", `SELECT COUNT(*)`+where, feedbackColumns+where+` ORDER BY f.created_at DESC, f.id DESC`, args, scanFeedback)
}

// FeedbackKeptOut counts submissions the spam checks kept out since since.
func (db *DB) FeedbackKeptOut(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM feedback WHERE spam <> '' AND created_at >= ?`, since).Scan(&n)
	})
	return n, err
}

// FeedbackReview is a manager's change to one piece of feedback.
type FeedbackReview struct {
	Hidden bool
	Theme  string
	Reply  string
}

// ReviewFeedback hides or shows, tags and replies to feedback about one
// of teamIDs (nil: any), if nobody has changed it since version; audited.
func (db *DB) ReviewFeedback(ctx context.Context, a auth.Actor, teamIDs []int64, id int64, version int, rv FeedbackReview) error {
	return db.Update(ctx, func(tx *Tx) error {
		var f care.Feedback
		err := scanFeedback(tx.queryRow(ctx, feedbackColumns+` FROM feedback f LEFT JOIN teams t ON t.id = f.team_id WHERE f.id = ? AND f.spam = ''`, id), &f)
		if err != nil {
			return notFound(err, "feedback")
		}
		if teamIDs != nil && !slices.Contains(teamIDs, f.TeamID) {
			return problem.Errorf(problem.NotFound, "No such feedback for your teams")
		}
		f.Hidden, f.Theme, f.Reply = rv.Hidden, rv.Theme, rv.Reply
		if err := f.ValidateReview(); err != nil {
			return err
		}
		var repliedAt any
		if rv.Reply != "" {
			repliedAt = tx.db.Now()
		}
		res, err := tx.exec(ctx, `UPDATE feedback SET hidden = ?, theme = ?, reply = ?, replied_at = COALESCE(replied_at, ?), version = version + 1 WHERE id = ? AND version = ?`,
			rv.Hidden, rv.Theme, rv.Reply, repliedAt, id, version)
		if err != nil {
			return fmt.Errorf("review feedback %d: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("review feedback %d: %w", id, err)
		}
		if n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else changed this feedback while you were looking at it. Reload the page to see their change.")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("feedback/%d", id)))
	})
}

// PublishYouSaidWeDid publishes a change made because of feedback, audited.
func (db *DB) PublishYouSaidWeDid(ctx context.Context, a auth.Actor, teamIDs []int64, y *care.YouSaidWeDid) error {
	if err := y.Validate(); err != nil {
		return err
	}
	if teamIDs != nil && !slices.Contains(teamIDs, y.TeamID) {
		var v problem.Validation
		v.Add("action_team", "Choose one of your own teams")
		return v.Err()
	}
	return db.Update(ctx, func(tx *Tx) error {
		y.PublishedAt = tx.db.Now()
		err := tx.queryRow(ctx, `INSERT INTO feedback_actions (team_id, you_said, we_did, published_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			y.TeamID, y.YouSaid, y.WeDid, y.PublishedAt, nullID(a.User.ID)).Scan(&y.ID)
		if err != nil {
			return fmt.Errorf("publish you said, we did: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("you-said-we-did/%d", y.ID)))
	})
}

// YouSaidWeDids lists the published changes, newest first (the latest 100).
func (db *DB) YouSaidWeDids(ctx context.Context) ([]care.YouSaidWeDid, error) {
	return queryAll(ctx, db, "you said, we did", `SELECT a.id, COALESCE(a.team_id, 0), COALESCE(t.name, ''), a.you_said, a.we_did, a.published_at
		FROM feedback_actions a LEFT JOIN teams t ON t.id = a.team_id ORDER BY a.published_at DESC, a.id DESC LIMIT 100`, nil,
		func(rows scanner, y *care.YouSaidWeDid) error {
			return rows.Scan(&y.ID, &y.TeamID, &y.TeamName, &y.YouSaid, &y.WeDid, dbTime{&y.PublishedAt})
		})
}
