package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/fhir"
	"throughline/internal/measures"
	"throughline/internal/problem"
)

// FHIRPatientFilter narrows a FHIR Patient search. Every field is
// optional; all given must match.
type FHIRPatientFilter struct {
	ID        int64
	NHSNumber string
	Name      string // a prefix of the given, preferred or family name
	BirthDate time.Time
	// UpdatedFrom and UpdatedBefore bound updated_at (zero: open).
	UpdatedFrom, UpdatedBefore time.Time
	Offset, Count              int
	// AllPeople is for a SMART system client, whose scopes cover everyone.
	AllPeople bool
}

// MaxFHIRCount is the largest page a FHIR search returns.
const MaxFHIRCount = 100

// FHIRPatients is one page of the people u has a care relationship with
// that match f, and how many match in all. The relationship is decided in
// SQL by the same facts PersonLinks reads and auth.PersonAccess weighs,
// so that a search across people never reveals anyone else; the search is
// audited like a person search.
func (db *DB) FHIRPatients(ctx context.Context, a auth.Actor, f FHIRPatientFilter) ([]care.Person, int, error) {
	if f.Count < 0 || f.Count > MaxFHIRCount || f.Offset < 0 {
		return nil, 0, problem.Errorf(problem.Invalid, "A page holds 0 to %d resources, from offset 0", MaxFHIRCount)
	}
	rel, relArgs, err := db.relatedPeople(ctx, a.User)
	if err != nil {
		return nil, 0, err
	}
	if f.AllPeople {
		rel, relArgs = `SELECT id FROM people`, nil
	}
	where := ` FROM people p WHERE p.id IN (` + rel + `)`
	args := relArgs
	if f.ID != 0 {
		where, args = where+` AND p.id = ?`, append(args, f.ID)
	}
	if f.NHSNumber != "" {
		where, args = where+` AND p.nhs_number = ?`, append(args, f.NHSNumber)
	}
	if n := strings.ToLower(strings.TrimSpace(f.Name)); n != "" {
		like := escapeLike(n) + "%"
		where += ` AND (LOWER(p.given_name) LIKE ? ESCAPE '\' OR LOWER(p.family_name) LIKE ? ESCAPE '\' OR LOWER(p.preferred_name) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	if !f.BirthDate.IsZero() {
		where, args = where+` AND p.date_of_birth = ?`, append(args, f.BirthDate.Format("2006-01-02"))
	}
	if !f.UpdatedFrom.IsZero() {
		where, args = where+` AND p.updated_at >= ?`, append(args, f.UpdatedFrom.UTC())
	}
	if !f.UpdatedBefore.IsZero() {
		where, args = where+` AND p.updated_at < ?`, append(args, f.UpdatedBefore.UTC())
	}
	var out []care.Person
	var total int
	err = db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count FHIR patients: %w", err)
		}
		if f.Count == 0 || f.Offset >= total {
			return nil
		}
		var err error
		out, err = queryAll(ctx, tx, "FHIR patients", `SELECT `+prefixed("p.", personColumns)+where+
			fmt.Sprintf(` ORDER BY p.id LIMIT %d OFFSET %d`, f.Count, f.Offset), args, into(scanPerson))
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	a.Reason = "FHIR Patient search"
	if err := db.Audit(ctx, a, auth.ActionSearch, 0, "fhir/Patient"); err != nil {
		return nil, 0, err
	}
	// Each person returned is a view of their record, as opening it is.
	a.Reason = ""
	for _, p := range out {
		if err := db.Audit(ctx, a, auth.ActionView, p.ID, "fhir/Patient"); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// relatedPeople is a subquery of the ids of the people u has a care
// relationship with: the SQL form of PersonLinks and auth.PersonAccess.
// A role with no person relationships gets an empty set.
func (db *DB) relatedPeople(ctx context.Context, u auth.User) (string, []any, error) {
	switch u.Role {
	case auth.ServiceUser:
		return `SELECT id FROM people WHERE id = ?`, []any{u.PersonID}, nil
	case auth.Referrer:
		return `SELECT person_id FROM referrals WHERE referrer_user_id = ?`, []any{u.ID}, nil
	case auth.Clinician, auth.PeerWorker, auth.Admin, auth.TeamManager:
	default:
		return `SELECT id FROM people WHERE 1 = 0`, nil, nil
	}
	months, _, err := db.ReaccessMonths(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("related people: %w", err)
	}
	closed := make([]any, len(care.ClosedStatuses))
	for i, st := range care.ClosedStatuses {
		closed[i] = string(st)
	}
	q := `SELECT e.person_id FROM episodes e WHERE (e.ended_at IS NULL OR e.ended_at > ?)
			AND (e.named_worker_id = ? OR e.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?))
		UNION SELECT r.person_id FROM referrals r JOIN teams t ON t.service_id = r.service_id JOIN team_members tm ON tm.team_id = t.id
			WHERE tm.user_id = ? AND r.status NOT IN (?` + strings.Repeat(", ?", len(closed)-1) + `)
		UNION SELECT person_id FROM break_glass WHERE user_id = ? AND expires_at > ?`
	args := append([]any{db.Now().AddDate(0, -months, 0), u.ID, u.ID, u.ID}, closed...)
	return q, append(args, u.ID, db.Now()), nil
}

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FHIRRecords is what a FHIR search within one person reads. A person's
// records are bounded (tens of measures and goals, a few episodes), so
// each kind is read whole for the person and filtered and paged by the
// caller.
type FHIRRecords struct {
	Responses []measures.Response
	Episodes  []EpisodeRow
	Goals     []care.Goal
	CarePlans []care.CarePlan
	// Appointments are every booked contact, with its outcome.
	Appointments []care.Appointment
	// CrisisPlan is the person's saved crisis plan (Version 0: none).
	CrisisPlan  care.CrisisPlan
	Referrals   []FHIRReferral
	Medications []care.Medication
	Carers      []care.Carer
	// Now is when the records were read, which a consent is judged on.
	Now time.Time
}

// FHIR resource kinds a person's records are read for.
const (
	FHIRMeasures  = "measures"
	FHIREpisodes  = "episodes"
	FHIRGoals     = "goals"
	FHIRCarePlans = "care-plans"
	FHIRContacts  = "contacts"
	FHIRReferrals = "referrals"
	FHIRMedicines = "medications"
	FHIRCarers    = "carers"
)

// PersonFHIR reads one kind of a person's records for a FHIR read or
// search, audited as a view of their record under resource (the FHIR
// type asked for).
func (db *DB) PersonFHIR(ctx context.Context, a auth.Actor, personID int64, kind, resource string) (FHIRRecords, error) {
	out := FHIRRecords{Now: db.Now()}
	var err error
	switch kind {
	case FHIRMeasures:
		out.Responses, err = db.measureResponses(ctx, personID)
	case FHIREpisodes:
		out.Episodes, err = db.Episodes(ctx, EpisodeFilter{PersonID: personID, Limit: AllRows})
	case FHIRGoals:
		out.Goals, err = db.Goals(ctx, personID)
	case FHIRCarePlans:
		if out.CarePlans, out.Goals, err = db.personCarePlans(ctx, personID); err == nil {
			out.CrisisPlan, err = db.personCrisisPlan(ctx, personID)
		}
	case FHIRReferrals:
		out.Referrals, err = db.personReferrals(ctx, personID)
	case FHIRMedicines:
		out.Medications, err = db.personMedications(ctx, personID)
	case FHIRCarers:
		out.Carers, err = db.personCarers(ctx, personID)
	case FHIRContacts:
		out.Appointments, err = db.personAppointments(ctx, personID)
	default:
		return out, fmt.Errorf("person FHIR: no kind %q", kind)
	}
	if err != nil {
		return out, err
	}
	return out, db.Audit(ctx, a, auth.ActionView, personID, "fhir/"+resource)
}

// personAppointments reads a person's contacts, oldest first.
func (db *DB) personAppointments(ctx context.Context, personID int64) ([]care.Appointment, error) {
	return queryAll(ctx, db, "FHIR appointments", `SELECT `+appointmentColumns+` FROM appointments a WHERE a.person_id = ? ORDER BY a.starts_at, a.id`,
		[]any{personID}, scanAppointment)
}

// personCarePlans reads the saved care plan of each of a person's
// episodes, and the person's goals the plans name.
func (db *DB) personCarePlans(ctx context.Context, personID int64) ([]care.CarePlan, []care.Goal, error) {
	eps, err := db.Episodes(ctx, EpisodeFilter{PersonID: personID, Limit: AllRows})
	if err != nil {
		return nil, nil, err
	}
	var plans []care.CarePlan
	err = db.view(ctx, func(tx *Tx) error {
		for _, e := range eps {
			p, err := tx.carePlan(ctx, e.ID)
			if err != nil {
				return err
			}
			if p.Version > 0 {
				plans = append(plans, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	goals, err := db.Goals(ctx, personID)
	return plans, goals, err
}

// fhirExportBatch is how many people an export reads per statement.
const fhirExportBatch = 200

// FHIRExportPerson is one person's records for an export.
type FHIRExportPerson struct {
	Person care.Person
	FHIRRecords
}

// Records is the person's records for the FHIR mapping.
func (p FHIRExportPerson) Records() fhir.Records {
	rec := fhir.Records{Person: p.Person, Responses: p.Responses, Goals: p.Goals, CarePlans: p.CarePlans, Appointments: p.Appointments,
		CrisisPlan: p.CrisisPlan, Medications: p.Medications, Carers: p.Carers, Now: p.Now}
	for _, r := range p.Referrals {
		rec.Referrals = append(rec.Referrals, fhir.NamedReferral{Referral: r.Referral, ServiceName: r.ServiceName, Updated: r.UpdatedAt})
	}
	for _, e := range p.Episodes {
		rec.Episodes = append(rec.Episodes, fhir.NamedEpisode{Episode: e.Episode, TeamName: e.TeamName, WorkerName: e.WorkerName})
	}
	return rec
}

// EachFHIRPerson calls fn with every person's records, in id order, a
// batch of people at a time (keyset paging, so memory stays flat at any
// scale). teamID, when not 0, keeps the people with an episode in that
// team. The export itself is audited once, as a bulk read by a.
func (db *DB) EachFHIRPerson(ctx context.Context, a auth.Actor, teamID int64, fn func(FHIRExportPerson) error) error {
	a.Reason = "FHIR export"
	if err := db.Audit(ctx, a, auth.ActionExport, 0, "fhir"); err != nil {
		return err
	}
	var after int64
	for {
		people, err := queryAll(ctx, db, "FHIR export people", `SELECT `+personColumns+` FROM people WHERE id > ?
			AND (? = 0 OR id IN (SELECT person_id FROM episodes WHERE team_id = ?)) ORDER BY id LIMIT ?`,
			[]any{after, teamID, teamID, fhirExportBatch}, into(scanPerson))
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return nil
		}
		for _, p := range people {
			rec := FHIRExportPerson{Person: p, FHIRRecords: FHIRRecords{Now: db.Now()}}
			if rec.Responses, err = db.measureResponses(ctx, p.ID); err != nil {
				return err
			}
			if rec.Episodes, err = db.Episodes(ctx, EpisodeFilter{PersonID: p.ID, Limit: AllRows}); err != nil {
				return err
			}
			if rec.CarePlans, rec.Goals, err = db.personCarePlans(ctx, p.ID); err != nil {
				return err
			}
			if rec.Appointments, err = db.personAppointments(ctx, p.ID); err != nil {
				return err
			}
			if rec.CrisisPlan, err = db.personCrisisPlan(ctx, p.ID); err != nil {
				return err
			}
			if rec.Referrals, err = db.personReferrals(ctx, p.ID); err != nil {
				return err
			}
			if rec.Medications, err = db.personMedications(ctx, p.ID); err != nil {
				return err
			}
			if rec.Carers, err = db.personCarers(ctx, p.ID); err != nil {
				return err
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		after = people[len(people)-1].ID
	}
}
