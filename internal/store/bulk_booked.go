package store

import (
	"slices"
	"time"

	"throughline/internal/care"
)

// Appointments a bulk load books and then records as held (the demo's
// history of sessions): RecordOutcome reads the appointment and asks
// whether the person had asked to cancel it, and then updates it, which on
// PostgreSQL wrote every row waiting for COPY first, once per session. A
// bulk transaction remembers what it booked instead (bulkMemo.booked), and
// while the row still waits for COPY the outcome is written into it: the
// UPDATE it stands for, the same row in the end.

// outcomeChange is what recording an outcome changes in an appointment.
type outcomeChange struct {
	Outcome, Note string
	At            time.Time
	By            int64
}

// rememberBooked records an appointment this bulk transaction has booked,
// with its staff in the order a read gives them.
func (t *Tx) rememberBooked(ap care.Appointment, staff []int64) {
	if t.memo == nil {
		return
	}
	ap.StaffIDs = staff
	t.memo.booked[ap.ID] = &bookedAppointment{ap: ap}
}

// booked is an appointment this transaction booked that nothing has
// changed since but its own outcomes.
func (t *Tx) booked(id int64) (care.Appointment, bool) {
	if t.memo == nil {
		return care.Appointment{}, false
	}
	b, ok := t.memo.booked[id]
	if !ok {
		return care.Appointment{}, false
	}
	ap := b.ap
	ap.StaffIDs = slices.Clone(ap.StaffIDs)
	return ap, true
}

// amendBooked writes an outcome into a booked appointment's row while it
// waits for COPY, if its version is still version; false when the row has
// been written already (the caller then runs the UPDATE).
func (t *Tx) amendBooked(id int64, version int, c outcomeChange) bool {
	if !t.copying() {
		return false
	}
	if _, ok := t.booked(id); !ok {
		return false
	}
	return t.copies.amend("appointments", id, version, map[string]any{
		"outcome": c.Outcome, "outcome_note": c.Note, "outcome_at": c.At, "outcome_by": nullable(c.By), "updated_at": c.At})
}

// outcomeRecorded keeps a booked appointment's outcome and version.
func (t *Tx) outcomeRecorded(id int64, c outcomeChange) {
	if t.memo == nil {
		return
	}
	if b, ok := t.memo.booked[id]; ok {
		b.ap.Outcome, b.ap.OutcomeNote, b.ap.OutcomeAt = care.Outcome(c.Outcome), c.Note, c.At
		b.ap.Version++
	}
}

// bookedFollowUp says how many follow-up tasks a booked appointment has,
// when the transaction knows.
func (t *Tx) bookedFollowUp(id int64) (n int, known bool) {
	if t.memo == nil {
		return 0, false
	}
	b, ok := t.memo.booked[id]
	if !ok {
		return 0, false
	}
	if b.followUp {
		return 1, true
	}
	return 0, true
}

// followedUp records that a booked appointment has its follow-up task.
func (t *Tx) followedUp(id int64) {
	if t.memo == nil {
		return
	}
	if b, ok := t.memo.booked[id]; ok {
		b.followUp = true
	}
}

// nullable is id as COPY takes it: NULL for none.
func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
