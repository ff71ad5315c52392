package store

import (
	"context"
	"time"

	"throughline/internal/care"
	"throughline/internal/fhir"
)

// FHIRReferral is a referral with its service's name and when it last
// changed, which a ServiceRequest's meta carries.
type FHIRReferral struct {
	care.Referral
	ServiceName string
	UpdatedAt   time.Time
}

// personReferrals reads every referral of a person, oldest first. A
// person has a handful of referrals, so they are read whole.
func (db *DB) personReferrals(ctx context.Context, personID int64) ([]FHIRReferral, error) {
	return queryAll(ctx, db, "FHIR referrals", `SELECT `+referralColumns+`, s.name, r.updated_at FROM referrals r JOIN services s ON s.id = r.service_id
		WHERE r.person_id = ? ORDER BY r.received_at, r.id`, []any{personID}, func(rows scanner, r *FHIRReferral) error {
		return scanReferral(rows, &r.Referral, &r.ServiceName, dbTime{&r.UpdatedAt})
	})
}

// personMedications reads every medicine record of a person, unaudited:
// PersonFHIR audits the read as the FHIR type asked for.
func (db *DB) personMedications(ctx context.Context, personID int64) ([]care.Medication, error) {
	return queryAll(ctx, db, "FHIR medications", `SELECT `+medicationColumns+` FROM medications WHERE person_id = ? ORDER BY id`,
		[]any{personID}, scanMedication)
}

// personCrisisPlan reads a person's crisis plan, unaudited (Version 0:
// none saved).
func (db *DB) personCrisisPlan(ctx context.Context, personID int64) (care.CrisisPlan, error) {
	var c care.CrisisPlan
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.crisisPlan(ctx, personID)
		return err
	})
	return c, err
}

// personCarers reads every carer a person involves, withdrawn or not,
// unaudited.
func (db *DB) personCarers(ctx context.Context, personID int64) ([]care.Carer, error) {
	return queryAll(ctx, db, "FHIR carers", `SELECT `+carerColumns+` FROM carers WHERE person_id = ? ORDER BY id`, []any{personID}, scanCarer)
}

// AddFHIRDirectory adds the directory's services and the care staff to an
// export. The directory is the region's services, tens or hundreds, read
// whole.
func (db *DB) AddFHIRDirectory(ctx context.Context, nd *fhir.NDJSON) error {
	services, err := db.Services(ctx)
	if err != nil {
		return err
	}
	if err := nd.AddAll(fhir.HealthcareServices(services)); err != nil {
		return err
	}
	// Staff a page at a time, so an export's memory stays flat.
	for offset := 0; ; offset += MaxFHIRCount {
		staff, _, err := db.FHIRStaff(ctx, 0, offset, MaxFHIRCount)
		if err != nil || len(staff) == 0 {
			return err
		}
		for _, st := range staff {
			if err := nd.AddAll([]fhir.Resource{{Type: "Practitioner", Updated: st.Created, Body: fhir.PractitionerOf(st)},
				{Type: "PractitionerRole", Updated: st.Created, Body: fhir.PractitionerRoleOf(st)}}); err != nil {
				return err
			}
		}
	}
}
