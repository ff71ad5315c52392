package web

import (
	"net/http"
	"strconv"

	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// Staff are served to the roles that see records, as the pages show
// workers' names and teams; only name, profession and teams, never
// account fields.
var (
	practitionerSpec = fhir.ResourceSpec{Type: "Practitioner", Profile: "Practitioner", Read: true, Search: true, Params: []fhir.Param{
		{Name: "_id", Type: "token", Documentation: "The member of staff's id."}}}
	practitionerRoleSpec = fhir.ResourceSpec{Type: "PractitionerRole", Profile: "PractitionerRole", Read: true, Search: true, Params: []fhir.Param{
		{Name: "_id", Type: "token", Documentation: "The member of staff's id (the same as their Practitioner's)."}}}
)

// handleFHIRStaff reads (with an id in the path) or searches the care
// staff as spec's type, paged in the database.
func (s *Server) handleFHIRStaff(spec fhir.ResourceSpec) handlerFunc {
	body := func(st fhir.Staff) any {
		if spec.Type == "Practitioner" {
			return fhir.PractitionerOf(st)
		}
		return fhir.PractitionerRoleOf(st)
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		// The path names a member of staff, not a person's record, so its
		// parameter is not the person-scoped {rid}.
		if rid := r.PathValue("staff"); rid != "" {
			id, err := strconv.ParseInt(rid, 10, 64)
			if err != nil || id <= 0 {
				return problem.Errorf(problem.NotFound, "No %s with id %q", spec.Type, rid)
			}
			staff, _, err := s.db.FHIRStaff(r.Context(), id, 0, 1)
			if err != nil {
				return err
			}
			if len(staff) == 0 {
				return problem.Errorf(problem.NotFound, "No %s with id %q", spec.Type, rid)
			}
			writeFHIR(w, http.StatusOK, body(staff[0]))
			return nil
		}
		sr, err := fhir.ParseSearch(r.URL.Query(), spec.Params, nil, store.MaxFHIRCount)
		if err != nil {
			return fhirError(err)
		}
		var id int64
		if v := sr.Values["_id"]; len(v) > 0 {
			if len(v) > 1 {
				return fhirError(&fhir.SearchError{Message: "_id takes one value here"})
			}
			if id, err = strconv.ParseInt(v[0], 10, 64); err != nil || id <= 0 {
				writeFHIR(w, http.StatusOK, searchBundle(r, spec.Type, sr, nil, 0))
				return nil
			}
		}
		staff, total, err := s.db.FHIRStaff(r.Context(), id, sr.Offset, sr.Count)
		if err != nil {
			return err
		}
		var rows []fhirRow
		for _, st := range staff {
			rows = append(rows, fhirRow{id: strconv.FormatInt(st.ID, 10), resource: body(st)})
		}
		writeFHIR(w, http.StatusOK, searchBundle(r, spec.Type, sr, rows, total))
		return nil
	}
}
