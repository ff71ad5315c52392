package web

import (
	"net/http"

	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// healthcareServiceSpec is the directory's services. They hold no
// personal data, so any signed-in role or system client may read them,
// as anyone may through the public Open Referral API.
var healthcareServiceSpec = fhir.ResourceSpec{Type: "HealthcareService", Read: true, Search: true, Params: []fhir.Param{
	{Name: "_id", Type: "token", Documentation: "The service's id: the same UUID the Open Referral API gives it."},
}}

// handleFHIRServices searches the directory. The directory is the
// region's services (tens or hundreds), read whole and paged here.
func (s *Server) handleFHIRServices(w http.ResponseWriter, r *http.Request) error {
	sr, err := fhir.ParseSearch(r.URL.Query(), healthcareServiceSpec.Params, nil, store.MaxFHIRCount)
	if err != nil {
		return fhirError(err)
	}
	services, err := s.db.Services(r.Context())
	if err != nil {
		return err
	}
	var rows []fhirRow
	for _, svc := range services {
		hs := fhir.HealthcareServiceOf(svc)
		rows = append(rows, fhirRow{id: hs.ID, resource: hs})
	}
	if rows, err = filterRows(rows, sr); err != nil {
		return fhirError(err)
	}
	writeFHIR(w, http.StatusOK, searchBundle(r, "HealthcareService", sr, pageRows(rows, sr), len(rows)))
	return nil
}

// handleFHIRService reads one service by its Open Referral UUID.
func (s *Server) handleFHIRService(w http.ResponseWriter, r *http.Request) error {
	services, err := s.db.Services(r.Context())
	if err != nil {
		return err
	}
	for _, svc := range services {
		if fhir.HealthcareServiceID(svc.ID) == r.PathValue("rid") {
			writeFHIR(w, http.StatusOK, fhir.HealthcareServiceOf(svc))
			return nil
		}
	}
	return problem.Errorf(problem.NotFound, "No HealthcareService with id %q", r.PathValue("rid"))
}
