package web

import (
	"slices"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// FHIR access follows the web pages: care staff with a relationship (or a
// break-glass grant) and the person themselves. Commissioners, referrers,
// auditors and system administrators see no person's record here either.
// The CapabilityStatement holds no personal data and is public, as FHIR
// clients expect to read it before signing in.
var (
	fhirPerson   = auth.Policy{Name: "fhir-person", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser), PersonRecord: true}
	fhirSearch   = auth.Policy{Name: "fhir-search", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser)}
	fhirCatalogs = auth.Policy{Name: "fhir-definitions", Roles: auth.Roles}
	// Bulk export answers only a system client's bearer token, which
	// serveRoute checks before any role: no signed-in role may use it.
	fhirBulk = auth.Policy{Name: "fhir-bulk-system-client", Roles: []auth.Role{store.FHIRClientRole}}
)

func (s *Server) fhirRoutes() []route {
	rs := []route{
		{"GET " + fhirBase + "/metadata", public, s.handleFHIRMetadata},
		{"GET " + fhirBase + "/.well-known/smart-configuration", public, s.handleSMARTConfiguration},
		{"POST " + fhirBase + "/token", public, s.handleFHIRToken},
		{"GET " + fhirBase + "/$export", fhirBulk, s.handleFHIRExport},
		{"GET " + fhirBase + "/Group/{team}/$export", fhirBulk, s.handleFHIRExport},
		{"GET " + fhirBase + "/$export-status/{job}", fhirBulk, s.handleFHIRExportStatus},
		{"DELETE " + fhirBase + "/$export-status/{job}", fhirBulk, s.handleFHIRExportCancel},
		{"GET " + fhirBase + "/$export-file/{job}/{type}", fhirBulk, s.handleFHIRExportFile},
		{"GET " + fhirBase + "/Patient", fhirSearch, s.handleFHIRPatients},
		{"GET " + fhirBase + "/Patient/{id}", fhirPerson, s.handleFHIRPatient},
		{"GET " + fhirBase + "/Questionnaire", fhirCatalogs, s.handleFHIRQuestionnaires},
		{"GET " + fhirBase + "/Questionnaire/{rid}", fhirCatalogs, s.handleFHIRQuestionnaire},
		{"GET " + fhirBase + "/Practitioner", fhirSearch, s.handleFHIRStaff(practitionerSpec)},
		{"GET " + fhirBase + "/Practitioner/{staff}", fhirSearch, s.handleFHIRStaff(practitionerSpec)},
		{"GET " + fhirBase + "/PractitionerRole", fhirSearch, s.handleFHIRStaff(practitionerRoleSpec)},
		{"GET " + fhirBase + "/PractitionerRole/{staff}", fhirSearch, s.handleFHIRStaff(practitionerRoleSpec)},
	}
	for _, t := range fhirDirectoryTypes {
		rs = append(rs,
			route{"GET " + fhirBase + "/" + t.spec.Type, fhirCatalogs, s.handleFHIRDirectorySearch(t)},
			route{"GET " + fhirBase + "/" + t.spec.Type + "/{rid}", fhirCatalogs, s.handleFHIRDirectoryRead(t)})
	}
	// Person-scoped types come from the same table as the
	// CapabilityStatement, so the two cannot drift apart.
	for _, t := range fhirPersonTypes() {
		rs = append(rs,
			route{"GET " + fhirBase + "/" + t.spec.Type, fhirSearch, s.fhirSearchPerson(t)},
			route{"GET " + fhirBase + "/" + t.spec.Type + "/{rid}", fhirSearch, s.fhirReadPerson(t)})
	}
	return append(rs, route{fhirBase + "/", public, s.handleFHIRUnknown})
}
