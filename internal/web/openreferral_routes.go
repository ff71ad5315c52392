package web

// The Open Referral UK (HSDS 3.0) directory API is public and read-only:
// the directory holds no one's personal data, and publishing it lets
// anyone build on the local map of services.
func (s *Server) openReferralRoutes() []route {
	return []route{
		{"GET /openreferral/{$}", public, s.openReferral(s.handleORRoot)},
		{"GET /openreferral/openapi.json", public, s.openReferral(s.handleOROpenAPI)},
		{"GET /openreferral/services", public, s.openReferral(s.handleORServices)},
		{"GET /openreferral/services/{id}", public, s.openReferral(s.handleORService)},
		{"GET /openreferral/organizations", public, s.openReferral(s.handleOROrganizations)},
		{"GET /openreferral/organizations/{id}", public, s.openReferral(s.handleOROrganization)},
		{"GET /openreferral/taxonomies", public, s.openReferral(s.handleORTaxonomies)},
		{"GET /openreferral/taxonomies/{id}", public, s.openReferral(s.handleORTaxonomy)},
		{"GET /openreferral/taxonomy_terms", public, s.openReferral(s.handleORTerms)},
		{"GET /openreferral/taxonomy_terms/{id}", public, s.openReferral(s.handleORTerm)},
		{"GET /openreferral/service_at_locations", public, s.openReferral(s.handleORAtLocations)},
		{"GET /openreferral/service_at_locations/{id}", public, s.openReferral(s.handleORAtLocation)},
	}
}
