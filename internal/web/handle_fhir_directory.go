package web

import (
	"net/http"

	"throughline/internal/directory"
	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// The directory's services, the organisations that run them and the
// places they give hold no personal data, so any signed-in role or system
// client may read them, as anyone may through the public Open Referral
// API (whose UUIDs they share). The directory is the region's services
// (tens or hundreds), read whole and paged here.

// fhirDirectoryType is one directory resource type: its spec and how it
// is made from the directory's services.
type fhirDirectoryType struct {
	spec  fhir.ResourceSpec
	build func([]directory.Service) []fhirRow
}

func directorySpec(typ, what string) fhir.ResourceSpec {
	return fhir.ResourceSpec{Type: typ, Read: true, Search: true, Params: []fhir.Param{
		{Name: "_id", Type: "token", Documentation: "The " + what + "'s id: the same UUID the Open Referral API gives it."},
	}}
}

var (
	healthcareServiceType = fhirDirectoryType{directorySpec("HealthcareService", "service"), func(svcs []directory.Service) []fhirRow {
		rows := make([]fhirRow, 0, len(svcs))
		for _, svc := range svcs {
			hs := fhir.HealthcareServiceOf(svc)
			rows = append(rows, fhirRow{id: hs.ID, resource: hs})
		}
		return rows
	}}
	organizationType = fhirDirectoryType{directorySpec("Organization", "organisation"), func(svcs []directory.Service) []fhirRow {
		var rows []fhirRow
		for _, o := range fhir.Organizations(svcs) {
			rows = append(rows, fhirRow{id: o.ID, resource: o})
		}
		return rows
	}}
	locationType = fhirDirectoryType{directorySpec("Location", "place"), func(svcs []directory.Service) []fhirRow {
		var rows []fhirRow
		for _, l := range fhir.Locations(svcs) {
			rows = append(rows, fhirRow{id: l.ID, resource: l})
		}
		return rows
	}}
	fhirDirectoryTypes = []fhirDirectoryType{healthcareServiceType, organizationType, locationType}
)

// handleFHIRDirectorySearch searches one directory type.
func (s *Server) handleFHIRDirectorySearch(t fhirDirectoryType) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		sr, err := fhir.ParseSearch(r.URL.Query(), t.spec.Params, nil, store.MaxFHIRCount)
		if err != nil {
			return fhirError(err)
		}
		services, err := s.db.Services(r.Context())
		if err != nil {
			return err
		}
		rows, err := filterRows(t.build(services), sr)
		if err != nil {
			return fhirError(err)
		}
		writeFHIR(w, http.StatusOK, searchBundle(r, t.spec.Type, sr, pageRows(rows, sr), len(rows)))
		return nil
	}
}

// handleFHIRDirectoryRead reads one resource of a directory type by id.
func (s *Server) handleFHIRDirectoryRead(t fhirDirectoryType) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		services, err := s.db.Services(r.Context())
		if err != nil {
			return err
		}
		for _, row := range t.build(services) {
			if row.id == r.PathValue("rid") {
				writeFHIR(w, http.StatusOK, row.resource)
				return nil
			}
		}
		return problem.Errorf(problem.NotFound, "No %s with id %q", t.spec.Type, r.PathValue("rid"))
	}
}
