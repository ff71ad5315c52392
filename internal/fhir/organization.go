package fhir

import (
	"strings"

	"throughline/internal/directory"
	"throughline/internal/openreferral"
)

// Organization is an organisation that runs services in the directory.
type Organization struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Active       bool   `json:"active"`
	Name         string `json:"name"`
}

// Location is the place a service gives as its address.
type Location struct {
	ResourceType         string     `json:"resourceType"`
	ID                   string     `json:"id"`
	Status               string     `json:"status"`
	Name                 string     `json:"name"`
	Mode                 string     `json:"mode"`
	Address              *Address   `json:"address,omitempty"`
	ManagingOrganization *Reference `json:"managingOrganization,omitempty"`
}

// Address is a postal address given as text, as the directory keeps it.
type Address struct {
	Text string `json:"text"`
}

// OrganizationID is the organisation's id: the Open Referral UUID, so one
// organisation has one id in both APIs.
func OrganizationID(name string) string { return openreferral.OrganizationID(name) }

// LocationID is the id of a service's place, as Open Referral gives it.
func LocationID(serviceID string) string { return openreferral.LocationID(serviceID) }

// Organizations maps the organisations that run the directory's services,
// each once, in the order they first appear.
func Organizations(services []directory.Service) []Organization {
	var out []Organization
	seen := map[string]bool{}
	for _, s := range services {
		name := strings.TrimSpace(s.Organization)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, Organization{ResourceType: "Organization", ID: OrganizationID(name), Active: true, Name: name})
	}
	return out
}

// LocationOf is the service's place, when the directory gives an address.
func LocationOf(s directory.Service) (Location, bool) {
	addr := strings.TrimSpace(s.Contact.Address)
	if addr == "" {
		return Location{}, false
	}
	loc := Location{ResourceType: "Location", ID: LocationID(s.ID), Status: "active", Name: s.Name, Mode: "instance", Address: &Address{Text: addr}}
	if org := strings.TrimSpace(s.Organization); org != "" {
		loc.ManagingOrganization = &Reference{Reference: "Organization/" + OrganizationID(org), Display: org}
	}
	return loc, true
}

// Locations maps the places the directory's services give.
func Locations(services []directory.Service) []Location {
	var out []Location
	for _, s := range services {
		if loc, ok := LocationOf(s); ok {
			out = append(out, loc)
		}
	}
	return out
}
