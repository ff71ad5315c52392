package openreferral

import (
	"throughline/internal/directory"
)

// attributes links the service to the published taxonomies: its tier and
// each value its rules list.
func attributes(s directory.Service, id string) []Attribute {
	var out []Attribute
	add := func(linkType, code, value string) {
		t, ok := termByCode(code)
		if !ok {
			return
		}
		out = append(out, Attribute{ID: UUID("attribute/" + s.ID + "/" + code), LinkID: id, LinkType: linkType,
			LinkEntity: "service", TaxonomyTermID: t.ID, Value: value, TaxonomyTerm: &t})
	}
	add("service_tier", TierCode(s.Tier), s.Tier)
	for _, dim := range directory.DimensionOrder {
		for _, v := range s.Eligibility[dim] {
			add("eligibility", EligibilityCode(dim, v), v)
		}
	}
	return out
}

// serviceAreas are the localities the service covers, by name, or the
// whole region.
func serviceAreas(s directory.Service, id string, names map[string]string) []ServiceArea {
	if len(s.Localities) == 0 {
		return []ServiceArea{{ID: UUID("service_area/" + s.ID), ServiceID: id, Name: directory.WholeRegion,
			Description: "The service covers the whole region."}}
	}
	out := make([]ServiceArea, len(s.Localities))
	for i, code := range s.Localities {
		name := names[code]
		if name == "" {
			name = code
		}
		out[i] = ServiceArea{ID: UUID("service_area/" + s.ID + "/" + code), ServiceID: id, Name: name, Description: "Locality " + code}
	}
	return out
}
