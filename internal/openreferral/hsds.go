package openreferral

import "encoding/json"

// Version is the HSDS version the API and files follow.
const Version = "3.0"

// Extension is the one property, on each service, that holds the
// directory's own JSON form of the service, so that rules HSDS has no field
// for (and fields added to the directory later) survive a round trip.
const Extension = "x_throughline"

// Service is an HSDS 3.0 service, fully nested.
type Service struct {
	ID                     string          `json:"id"`
	OrganizationID         string          `json:"organization_id,omitempty"`
	Name                   string          `json:"name"`
	Description            string          `json:"description,omitempty"`
	URL                    string          `json:"url,omitempty"`
	Email                  string          `json:"email,omitempty"`
	Status                 string          `json:"status"`
	ApplicationProcess     string          `json:"application_process,omitempty"`
	WaitTime               string          `json:"wait_time,omitempty"`
	EligibilityDescription string          `json:"eligibility_description,omitempty"`
	MinimumAge             *int            `json:"minimum_age,omitempty"`
	MaximumAge             *int            `json:"maximum_age,omitempty"`
	LastModified           string          `json:"last_modified,omitempty"`
	Organization           *Organization   `json:"organization,omitempty"`
	Phones                 []Phone         `json:"phones,omitempty"`
	Schedules              []Schedule      `json:"schedules,omitempty"`
	ServiceAreas           []ServiceArea   `json:"service_areas,omitempty"`
	ServiceAtLocations     []AtLocation    `json:"service_at_locations,omitempty"`
	Contacts               []Contact       `json:"contacts,omitempty"`
	Attributes             []Attribute     `json:"attributes,omitempty"`
	Throughline            json.RawMessage `json:"x_throughline,omitempty"`
}

// Organization is an HSDS organization.
type Organization struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Services    []ServiceRef `json:"services,omitempty"`
}

// ServiceRef is a service named inside an organization.
type ServiceRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Phone is an HSDS phone.
type Phone struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Number    string `json:"number"`
}

// Schedule is an HSDS schedule; our opening hours are free text.
type Schedule struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Description string `json:"description,omitempty"`
}

// ServiceArea is an HSDS service area: one of our localities, or the
// whole region.
type ServiceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Contact is an HSDS contact.
type Contact struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Location is an HSDS location.
type Location struct {
	ID           string `json:"id"`
	LocationType string `json:"location_type"`
	Name         string `json:"name,omitempty"`
	Description  string `json:"description,omitempty"`
}

// AtLocation is an HSDS service_at_location.
type AtLocation struct {
	ID         string    `json:"id"`
	ServiceID  string    `json:"service_id,omitempty"`
	LocationID string    `json:"location_id,omitempty"`
	Location   *Location `json:"location,omitempty"`
	Service    *Service  `json:"service,omitempty"`
}

// Attribute links a service to a taxonomy term.
type Attribute struct {
	ID             string `json:"id"`
	LinkID         string `json:"link_id,omitempty"`
	LinkType       string `json:"link_type,omitempty"`
	LinkEntity     string `json:"link_entity,omitempty"`
	TaxonomyTermID string `json:"taxonomy_term_id,omitempty"`
	Value          string `json:"value,omitempty"`
	TaxonomyTerm   *Term  `json:"taxonomy_term,omitempty"`
}

// Page is HSDS's paginated list.
type Page[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// NewPage wraps one page of contents. A page past the end is empty, not
// an error, and reports itself as the last.
func NewPage[T any](total, number, perPage int, contents []T) Page[T] {
	if contents == nil {
		contents = []T{}
	}
	pages := max(1, (total+perPage-1)/perPage)
	return Page[T]{TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(contents) == 0, Contents: contents}
}
