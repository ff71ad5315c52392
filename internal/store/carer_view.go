package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// CarerShared is what a carer may see of the person's record: only the
// parts the person consented to share, never notes.
type CarerShared struct {
	Carer        care.Carer
	PersonName   string // the name the person likes to be called
	CrisisPlan   *care.CrisisPlan
	CarePlan     *care.CarePlan
	Medication   []care.Medication
	Appointments []CarerAppointment
}

// CarerAppointment is an upcoming appointment as a carer sees it: when,
// where and with whom, with no notes.
type CarerAppointment struct {
	care.Appointment
	StaffNames string
}

// carerUpcoming bounds the upcoming appointments a carer is shown.
const carerUpcoming = 20

// CarerSharedView reads what c's consent covers, each part audited as a
// read of the person's record under the carer relationship (a carries it).
// The caller has checked that the consent stands.
func (db *DB) CarerSharedView(ctx context.Context, a auth.Actor, c care.Carer) (CarerShared, error) {
	v := CarerShared{Carer: c}
	p, err := db.PersonNoAudit(ctx, c.PersonID)
	if err != nil {
		return v, err
	}
	v.PersonName = p.GivenName
	if p.PreferredName != "" {
		v.PersonName = p.PreferredName
	}
	var appts []AppointmentRow
	if c.Share.Appointments {
		if appts, err = db.Appointments(ctx, AppointmentFilter{PersonID: c.PersonID, From: db.Now(), Limit: carerUpcoming}); err != nil {
			return v, err
		}
	}
	err = db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		v.Appointments, v.CrisisPlan, v.CarePlan, v.Medication = nil, nil, nil, nil
		if c.Share.Appointments {
			for _, ap := range appts {
				ap.Notes, ap.OutcomeNote = "", "" // never shared
				v.Appointments = append(v.Appointments, CarerAppointment{Appointment: ap.Appointment, StaffNames: ap.StaffNames})
			}
			audit(a.Event(auth.ActionView, c.PersonID, "appointments/upcoming"))
		}
		if c.Share.CrisisPlan {
			cp, err := tx.crisisPlan(ctx, c.PersonID)
			if err != nil {
				return err
			}
			if cp.Version > 0 {
				v.CrisisPlan = &cp
			}
			audit(a.Event(auth.ActionView, c.PersonID, "crisis-plan"))
		}
		if c.Share.CarePlan {
			var episode int64
			err := tx.queryRow(ctx, `SELECT COALESCE(MAX(e.id), 0) FROM episodes e JOIN care_plans cp ON cp.episode_id = e.id
				WHERE e.person_id = ? AND e.ended_at IS NULL`, c.PersonID).Scan(&episode)
			if err != nil {
				return fmt.Errorf("carer's view of the care plan: %w", err)
			}
			if episode != 0 {
				plan, err := tx.carePlan(ctx, episode)
				if err != nil {
					return err
				}
				v.CarePlan = &plan
			}
			audit(a.Event(auth.ActionView, c.PersonID, CarePlanRecord(episode)))
		}
		if c.Share.Medication {
			meds, err := queryAll(ctx, tx, "carer's view of medication", `SELECT `+medicationColumns+` FROM medications WHERE person_id = ? AND stopped_on = ''
				ORDER BY started_on DESC, id DESC`, []any{c.PersonID}, scanMedication)
			if err != nil {
				return err
			}
			v.Medication = meds
			audit(a.Event(auth.ActionView, c.PersonID, "medication"))
		}
		return nil
	})
	return v, err
}
