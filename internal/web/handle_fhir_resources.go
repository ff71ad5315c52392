package web

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"throughline/internal/fhir"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// fhirType is one resource type served from a person's records: its
// capability (which also wires its routes) and how the records map to
// rows.
type fhirType struct {
	spec fhir.ResourceSpec
	kind string // which store.PersonFHIR records it is made from
	rows func(store.FHIRRecords) []fhirRow
}

const includeDerivedFrom = "Observation:derived-from"

func personParams(extra ...fhir.Param) []fhir.Param {
	return append([]fhir.Param{fhir.ParamID, fhir.ParamLastUpdated, fhir.ParamPatient, fhir.ParamSubject}, extra...)
}

// fhirPersonTypes is the table of person-scoped resource types; routes
// and the CapabilityStatement are both made from it.
func fhirPersonTypes() []fhirType {
	return []fhirType{
		{spec: fhir.ResourceSpec{Type: "Observation", Profile: "Observation", Read: true, Search: true,
			Params: personParams(fhir.ParamDate, fhir.ParamStatus, fhir.ParamCode), Includes: []string{includeDerivedFrom}},
			kind: store.FHIRMeasures, rows: observationRows},
		{spec: fhir.ResourceSpec{Type: "QuestionnaireResponse", Read: true, Search: true,
			Params: personParams(fhir.Param{Name: "authored", Type: "date", Documentation: "When the person answered."}, fhir.ParamStatus)},
			kind: store.FHIRMeasures, rows: responseRows},
		{spec: fhir.ResourceSpec{Type: "EpisodeOfCare", Profile: "EpisodeOfCare", Read: true, Search: true,
			Params: []fhir.Param{fhir.ParamID, fhir.ParamLastUpdated, fhir.ParamPatient, fhir.ParamDate, fhir.ParamStatus}},
			kind: store.FHIREpisodes, rows: episodeRows},
		{spec: fhir.ResourceSpec{Type: "Goal", Read: true, Search: true,
			Params: personParams(fhir.Param{Name: "lifecycle-status", Type: "token", Documentation: "active, completed (achieved) or on-hold (set aside)."})},
			kind: store.FHIRGoals, rows: goalRows},
		{spec: fhir.ResourceSpec{Type: "CarePlan", Read: true, Search: true,
			Params: personParams(fhir.ParamDate, fhir.ParamStatus, fhir.Param{Name: "category", Type: "token", Documentation: "care-plan or crisis-plan (the person's crisis plan, in their own words)."})},
			kind: store.FHIRCarePlans, rows: carePlanRows},
		{spec: fhir.ResourceSpec{Type: "Appointment", Read: true, Search: true,
			Params: []fhir.Param{fhir.ParamID, fhir.ParamLastUpdated, fhir.ParamPatient, fhir.ParamDate, fhir.Param{Name: "status", Type: "token", Documentation: "booked, fulfilled, noshow or cancelled."}}},
			kind: store.FHIRContacts, rows: appointmentRows},
		{spec: fhir.ResourceSpec{Type: "Encounter", Profile: "Encounter", Read: true, Search: true,
			Params: personParams(fhir.ParamDate, fhir.ParamStatus)},
			kind: store.FHIRContacts, rows: encounterRows},
		{spec: fhir.ResourceSpec{Type: "ServiceRequest", Profile: "ServiceRequest", Read: true, Search: true,
			Params: personParams(fhir.Param{Name: "authored", Type: "date", Documentation: "When the referral was received."},
				fhir.Param{Name: "status", Type: "token", Documentation: "active, on-hold (more information asked for), revoked (not accepted) or completed."},
				fhir.Param{Name: "performer", Type: "reference", Documentation: "The service referred to, as HealthcareService/<Open Referral service id>."})},
			kind: store.FHIRReferrals, rows: serviceRequestRows},
		{spec: fhir.ResourceSpec{Type: "MedicationStatement", Profile: "MedicationStatement", Read: true, Search: true,
			Params: personParams(fhir.Param{Name: "effective", Type: "date", Documentation: "When the medicine was started."},
				fhir.Param{Name: "status", Type: "token", Documentation: "active or stopped."})},
			kind: store.FHIRMedicines, rows: medicationRows},
		{spec: fhir.ResourceSpec{Type: "RelatedPerson", Profile: "RelatedPerson", Read: true, Search: true,
			Params: []fhir.Param{fhir.ParamID, fhir.ParamLastUpdated, fhir.ParamPatient,
				fhir.Param{Name: "active", Type: "token", Documentation: "true while the person's consent to share with them stands."}}},
			kind: store.FHIRCarers, rows: relatedPersonRows},
		{spec: fhir.ResourceSpec{Type: "Consent", Read: true, Search: true,
			Params: []fhir.Param{fhir.ParamID, fhir.ParamLastUpdated, fhir.ParamPatient, fhir.ParamDate,
				fhir.Param{Name: "status", Type: "token", Documentation: "active, or inactive once withdrawn or past the date the person chose."}}},
			kind: store.FHIRCarers, rows: consentRows},
	}
}

var patientSpec = fhir.ResourceSpec{Type: "Patient", Profile: "Patient", Read: true, Search: true, Params: []fhir.Param{
	fhir.ParamID, fhir.ParamLastUpdated,
	{Name: "identifier", Type: "token", Documentation: "NHS number, as " + fhir.NHSNumberSystem + "|9434765919 or the number alone."},
	{Name: "name", Type: "string", Documentation: "The start of a given, preferred or family name."},
	{Name: "birthdate", Type: "date", Documentation: "Date of birth, YYYY-MM-DD."},
}}

var questionnaireSpec = fhir.ResourceSpec{Type: "Questionnaire", Read: true, Search: true, Params: []fhir.Param{fhir.ParamID, fhir.ParamCode}}

// fhirSpecs is every supported type, in the CapabilityStatement's order.
func fhirSpecs() []fhir.ResourceSpec {
	specs := []fhir.ResourceSpec{patientSpec}
	for _, t := range fhirPersonTypes() {
		specs = append(specs, t.spec)
	}
	specs = append(specs, questionnaireSpec)
	for _, t := range fhirDirectoryTypes {
		specs = append(specs, t.spec)
	}
	return append(specs, practitionerSpec, practitionerRoleSpec, fhir.ResourceSpec{Type: "Group", Operations: []fhir.Operation{fhir.BulkGroupExport}})
}

// fhirOperations are the system-level operations.
var fhirOperations = []fhir.Operation{fhir.BulkExport}

func observationRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, r := range rec.Responses {
		o := fhir.ObservationOf(r)
		qr := fhir.ResponseOf(r)
		out = append(out, fhirRow{id: o.ID, resource: o, updated: r.CreatedAt, date: r.TakenAt, status: o.Status, codes: o.Code.Coding,
			includes: map[string]fhirIncluded{includeDerivedFrom: {kind: "QuestionnaireResponse", id: qr.ID, resource: qr}}})
	}
	return out
}

func responseRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, r := range rec.Responses {
		qr := fhir.ResponseOf(r)
		out = append(out, fhirRow{id: qr.ID, resource: qr, updated: r.CreatedAt, date: r.TakenAt, status: qr.Status})
	}
	return out
}

func episodeRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, e := range rec.Episodes {
		updated := e.StartedAt
		if !e.EndedAt.IsZero() {
			updated = e.EndedAt
		}
		ep := fhir.EpisodeOf(e.Episode, e.TeamName, e.WorkerName, updated)
		out = append(out, fhirRow{id: ep.ID, resource: ep, updated: updated, date: e.StartedAt, status: ep.Status})
	}
	return out
}

func goalRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, g := range rec.Goals {
		fg := fhir.GoalOf(g)
		updated := g.CreatedAt
		if g.StatusChangedAt.After(updated) {
			updated = g.StatusChangedAt
		}
		out = append(out, fhirRow{id: fg.ID, resource: fg, updated: updated, date: g.CreatedAt, status: fg.LifecycleStatus})
	}
	return out
}

func carePlanRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, p := range rec.CarePlans {
		cp := fhir.CarePlanOf(p, rec.Goals)
		out = append(out, fhirRow{id: cp.ID, resource: cp, updated: p.UpdatedAt, date: p.UpdatedAt, status: cp.Status, codes: cp.Category[0].Coding})
	}
	if c := rec.CrisisPlan; c.Version > 0 {
		cp := fhir.CrisisPlanOf(c)
		out = append(out, fhirRow{id: cp.ID, resource: cp, updated: c.UpdatedAt, date: c.UpdatedAt, status: cp.Status, codes: cp.Category[0].Coding})
	}
	return out
}

func serviceRequestRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, r := range rec.Referrals {
		sr := fhir.ServiceRequestOf(r.Referral, r.ServiceName, r.UpdatedAt)
		out = append(out, fhirRow{id: sr.ID, resource: sr, updated: r.UpdatedAt, date: r.ReceivedAt, status: sr.Status,
			refs: []string{sr.Performer[0].Reference}})
	}
	return out
}

func relatedPersonRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, c := range rec.Carers {
		rp := fhir.RelatedPersonOf(c, rec.Now)
		out = append(out, fhirRow{id: rp.ID, resource: rp, updated: fhir.CarerUpdated(c), date: c.ConsentOn, status: strconv.FormatBool(rp.Active)})
	}
	return out
}

func consentRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, c := range rec.Carers {
		cs := fhir.ConsentOf(c, rec.Now)
		out = append(out, fhirRow{id: cs.ID, resource: cs, updated: fhir.CarerUpdated(c), date: c.ConsentOn, status: cs.Status})
	}
	return out
}

func medicationRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, m := range rec.Medications {
		ms := fhir.MedicationStatementOf(m)
		out = append(out, fhirRow{id: ms.ID, resource: ms, updated: fhir.MedicationUpdated(m), date: m.StartedOn, status: ms.Status})
	}
	return out
}

func appointmentRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, ap := range rec.Appointments {
		a := fhir.AppointmentOf(ap)
		out = append(out, fhirRow{id: a.ID, resource: a, updated: fhir.AppointmentUpdated(ap), date: ap.StartsAt, status: a.Status})
	}
	return out
}

func encounterRows(rec store.FHIRRecords) []fhirRow {
	var out []fhirRow
	for _, ap := range rec.Appointments {
		if e, ok := fhir.EncounterOf(ap); ok {
			out = append(out, fhirRow{id: e.ID, resource: e, updated: fhir.AppointmentUpdated(ap), date: ap.StartsAt, status: e.Status})
		}
	}
	return out
}

// handleFHIRMetadata serves the CapabilityStatement.
func (s *Server) handleFHIRMetadata(w http.ResponseWriter, r *http.Request) error {
	writeFHIR(w, http.StatusOK, fhir.Capability(fhirSpecs(), fhirOperations, fhir.Date(uktime.In(s.db.Now()))))
	return nil
}

// handleFHIRUnknown answers any other path under the base.
func (s *Server) handleFHIRUnknown(w http.ResponseWriter, r *http.Request) error {
	return problem.Errorf(problem.NotFound, "This FHIR server does not serve %s. See %s/metadata for what it supports.", r.URL.Path, fhirBase)
}

// fhirSearchPerson is a search over one person's records of type t: the
// person comes from patient or subject, and the guard's relationship rule
// decides access before anything is read.
func (s *Server) fhirSearchPerson(t fhirType) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		sr, err := fhir.ParseSearch(r.URL.Query(), t.spec.Params, t.spec.Includes, store.MaxFHIRCount)
		if err != nil {
			return fhirError(err)
		}
		refs := append(append([]string{}, sr.Values["patient"]...), sr.Values["subject"]...)
		if len(refs) != 1 || strings.Contains(refs[0], ",") {
			return fhirError(&fhir.SearchError{Message: "Name exactly one person with patient (or subject): searches across people are made on Patient"})
		}
		personID, err := fhir.PatientParam(refs[0])
		if err != nil {
			return fhirError(err)
		}
		a, err := s.fhirPersonActor(r, personID)
		if err != nil {
			return err
		}
		rec, err := s.db.PersonFHIR(r.Context(), a, personID, t.kind, t.spec.Type)
		if err != nil {
			return err
		}
		rows, err := filterRows(t.rows(rec), sr)
		if err != nil {
			return fhirError(err)
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].date.After(rows[j].date) })
		writeFHIR(w, http.StatusOK, searchBundle(r, t.spec.Type, sr, pageRows(rows, sr), len(rows)))
		return nil
	}
}

// fhirReadPerson reads one resource whose id names its person.
func (s *Server) fhirReadPerson(t fhirType) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("rid")
		personID, ok := fhir.PersonOfID(id)
		if !ok {
			return problem.Errorf(problem.NotFound, "No %s with id %q", t.spec.Type, id)
		}
		a, err := s.fhirPersonActor(r, personID)
		if err != nil {
			return err
		}
		rec, err := s.db.PersonFHIR(r.Context(), a, personID, t.kind, t.spec.Type)
		if err != nil {
			return err
		}
		rows := t.rows(rec)
		if i := slices.IndexFunc(rows, func(row fhirRow) bool { return row.id == id }); i >= 0 {
			writeFHIR(w, http.StatusOK, rows[i].resource)
			return nil
		}
		return problem.Errorf(problem.NotFound, "No %s with id %q", t.spec.Type, id)
	}
}

// handleFHIRPatient reads a Patient; the route's guard has already
// decided the relationship (and so refused anyone without one).
func (s *Server) handleFHIRPatient(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.db.Person(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeFHIR(w, http.StatusOK, fhir.PatientOf(p))
	return nil
}

// handleFHIRPatients searches the people the user has a relationship with.
func (s *Server) handleFHIRPatients(w http.ResponseWriter, r *http.Request) error {
	sr, err := fhir.ParseSearch(r.URL.Query(), patientSpec.Params, nil, store.MaxFHIRCount)
	if err != nil {
		return fhirError(err)
	}
	f, none, err := patientFilter(sr)
	if err != nil {
		return fhirError(err)
	}
	var people []fhirRow
	total := 0
	f.AllPeople = fhirClient(r) != nil
	if !none {
		list, n, err := s.db.FHIRPatients(r.Context(), actor(r), f)
		if err != nil {
			return err
		}
		total = n
		for _, p := range list {
			people = append(people, fhirRow{id: fhir.PatientID(p.ID), resource: fhir.PatientOf(p)})
		}
	}
	writeFHIR(w, http.StatusOK, searchBundle(r, "Patient", sr, people, total))
	return nil
}

// patientFilter turns a Patient search into a store filter; none is true
// when the search cannot match anyone (an identifier in another system).
func patientFilter(sr fhir.Search) (f store.FHIRPatientFilter, none bool, err error) {
	f.Offset, f.Count = sr.Offset, sr.Count
	one := func(name string) (string, error) {
		vals := sr.Values[name]
		if len(vals) > 1 || (len(vals) == 1 && strings.Contains(vals[0], ",")) {
			return "", &fhir.SearchError{Message: name + " takes one value here"}
		}
		if len(vals) == 0 {
			return "", nil
		}
		return vals[0], nil
	}
	if v, err := one("_id"); err != nil {
		return f, false, err
	} else if v != "" {
		if f.ID, err = strconv.ParseInt(v, 10, 64); err != nil || f.ID <= 0 {
			return f, true, nil
		}
	}
	if v, err := one("identifier"); err != nil {
		return f, false, err
	} else if v != "" {
		system, value, hasSystem := strings.Cut(v, "|")
		if !hasSystem {
			value = system
		} else if system != "" && system != fhir.NHSNumberSystem {
			return f, true, nil
		}
		f.NHSNumber = strings.ReplaceAll(value, " ", "")
	}
	if f.Name, err = one("name"); err != nil {
		return f, false, err
	}
	if v, err := one("birthdate"); err != nil {
		return f, false, err
	} else if v != "" {
		d, err := fhir.ParseDate(v, uktime.London)
		if err != nil {
			return f, false, err
		}
		if d.Prefix != "eq" || len(v) != len("2006-01-02") {
			return f, false, &fhir.SearchError{Message: "birthdate takes a whole date, YYYY-MM-DD"}
		}
		f.BirthDate = d.From
	}
	for _, v := range sr.Values["_lastUpdated"] {
		d, err := fhir.ParseDate(v, uktime.London)
		if err != nil {
			return f, false, err
		}
		switch d.Prefix {
		case "eq":
			f.UpdatedFrom, f.UpdatedBefore = d.From, d.To
		case "ge":
			f.UpdatedFrom = d.From
		case "gt":
			f.UpdatedFrom = d.To
		case "lt":
			f.UpdatedBefore = d.From
		case "le":
			f.UpdatedBefore = d.To
		default:
			return f, false, &fhir.SearchError{Message: "_lastUpdated takes eq, lt, le, gt or ge here"}
		}
	}
	return f, false, nil
}

// handleFHIRQuestionnaires lists the measures as Questionnaires.
func (s *Server) handleFHIRQuestionnaires(w http.ResponseWriter, r *http.Request) error {
	sr, err := fhir.ParseSearch(r.URL.Query(), questionnaireSpec.Params, nil, store.MaxFHIRCount)
	if err != nil {
		return fhirError(err)
	}
	var rows []fhirRow
	for _, id := range measures.IDs() {
		q := fhir.QuestionnaireOf(measures.Catalogue()[id])
		rows = append(rows, fhirRow{id: q.ID, resource: q, status: q.Status, codes: q.Code})
	}
	if rows, err = filterRows(rows, sr); err != nil {
		return fhirError(err)
	}
	writeFHIR(w, http.StatusOK, searchBundle(r, "Questionnaire", sr, pageRows(rows, sr), len(rows)))
	return nil
}

// handleFHIRQuestionnaire reads one measure's Questionnaire.
func (s *Server) handleFHIRQuestionnaire(w http.ResponseWriter, r *http.Request) error {
	for _, id := range measures.IDs() {
		if fhir.QuestionnaireID(id) == r.PathValue("rid") {
			writeFHIR(w, http.StatusOK, fhir.QuestionnaireOf(measures.Catalogue()[id]))
			return nil
		}
	}
	return problem.Errorf(problem.NotFound, "No Questionnaire with id %q", r.PathValue("rid"))
}
