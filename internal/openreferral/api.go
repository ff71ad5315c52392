package openreferral

import (
	_ "embed"
	"slices"
)

// OpenAPI is the API's OpenAPI 3.1 document, served beside it.
//
//go:embed openapi.json
var OpenAPI []byte

// Profile is the HSDS profile the API follows.
const Profile = "https://github.com/OpenReferralUK/uk-profile"

// Root is what GET / answers.
type Root struct {
	Version    string `json:"version"`
	Profile    string `json:"profile"`
	OpenAPIURL string `json:"openapi_url"`
}

// Paging bounds.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
)

// PageOf is page number (from 1) of items, per perPage a page.
func PageOf[T any](items []T, number, perPage int) Page[T] {
	lo := min((number-1)*perPage, len(items))
	return NewPage(len(items), number, perPage, items[lo:min(lo+perPage, len(items))])
}

// HasTerm reports whether the service is linked to the term: its tier, or
// a value its rules list.
func HasTerm(s Service, termID string) bool {
	return slices.ContainsFunc(s.Attributes, func(a Attribute) bool { return a.TaxonomyTermID == termID })
}
