package openreferral

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"throughline/internal/directory"
)

// Record is one directory service with what the mapping needs beside it.
type Record struct {
	Service  directory.Service
	Modified time.Time
}

// FromDirectory maps a service to HSDS, fully nested. localities names the
// locality codes the service lists.
func FromDirectory(r Record, localities map[string]string) (Service, error) {
	s := r.Service
	own, err := ownJSON(s)
	if err != nil {
		return Service{}, err
	}
	id := ServiceID(s.ID)
	out := Service{ID: id, Name: s.Name, Description: s.Description, Status: "active",
		ApplicationProcess:     applicationProcess(s),
		WaitTime:               waitTime(s.WaitWeeks),
		EligibilityDescription: EligibilityDescription(s, localities),
		MinimumAge:             s.MinAge, MaximumAge: s.MaxAge, Throughline: own}
	if !r.Modified.IsZero() {
		out.LastModified = r.Modified.UTC().Format(time.RFC3339)
	}
	if s.Organization != "" {
		out.OrganizationID = OrganizationID(s.Organization)
		org := NewOrganization(s.Organization)
		out.Organization = &org
	}
	if u, err := url.Parse(s.Contact.URL); err == nil && u.Scheme != "" && u.Host != "" {
		out.URL = s.Contact.URL
	}
	if a, err := mail.ParseAddress(s.Contact.Email); err == nil && a.Address == s.Contact.Email {
		out.Email = s.Contact.Email
		out.Contacts = []Contact{{ID: UUID("contact/" + s.ID), ServiceID: id, Name: s.Name, Email: s.Contact.Email}}
	}
	if s.Contact.Phone != "" {
		out.Phones = []Phone{{ID: UUID("phone/" + s.ID), ServiceID: id, Number: s.Contact.Phone}}
	}
	if s.Contact.Hours != "" {
		out.Schedules = []Schedule{{ID: UUID("schedule/" + s.ID), ServiceID: id, Description: s.Contact.Hours}}
	}
	out.ServiceAreas = serviceAreas(s, id, localities)
	if at, ok := AtLocationFor(s); ok {
		out.ServiceAtLocations = []AtLocation{at}
	}
	out.Attributes = attributes(s, id)
	return out, nil
}

// ListItem is the service as the paginated list shows it: one-to-one
// fields, the organization and the extension, without nested lists.
func ListItem(full Service) Service {
	full.Phones, full.Schedules, full.ServiceAreas, full.ServiceAtLocations, full.Contacts, full.Attributes = nil, nil, nil, nil, nil, nil
	return full
}

// NewOrganization is the organization a service names. The directory knows
// an organisation only by name, so its id is derived from the name.
func NewOrganization(name string) Organization {
	return Organization{ID: OrganizationID(name), Name: name,
		Description: name + " provides services listed in this local directory of mental health and support services."}
}

// AtLocationFor is the service's one place, if it gives an address.
func AtLocationFor(s directory.Service) (AtLocation, bool) {
	if strings.TrimSpace(s.Contact.Address) == "" {
		return AtLocation{}, false
	}
	loc := Location{ID: LocationID(s.ID), LocationType: "physical", Name: s.Name, Description: s.Contact.Address}
	return AtLocation{ID: AtLocationID(s.ID), ServiceID: ServiceID(s.ID), LocationID: loc.ID, Location: &loc}, true
}

// ownJSON is the service in the directory file's own form, as produced by
// the directory package, so a field added there is carried automatically.
func ownJSON(s directory.Service) (json.RawMessage, error) {
	b, err := directory.EncodeFile(directory.File{Services: []directory.Service{s}})
	if err != nil {
		return nil, fmt.Errorf("encode service %s: %w", s.ID, err)
	}
	var f struct {
		Services []json.RawMessage `json:"services"`
	}
	if err := json.Unmarshal(b, &f); err != nil || len(f.Services) != 1 {
		return nil, fmt.Errorf("encode service %s: directory file unreadable: %v", s.ID, err)
	}
	return compact(f.Services[0]), nil
}

func compact(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}
