package openreferral

import (
	"strings"

	"throughline/internal/directory"
)

// Taxonomy is an HSDS taxonomy.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}

// Term is an HSDS taxonomy term.
type Term struct {
	ID          string `json:"id"`
	Code        string `json:"code,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id,omitempty"`
	Taxonomy    string `json:"taxonomy,omitempty"`
	TaxonomyID  string `json:"taxonomy_id,omitempty"`
	Language    string `json:"language,omitempty"`
}

// Codes of Throughline's two published taxonomies.
const (
	EligibilityTaxonomy = "throughline-eligibility"
	TierTaxonomy        = "throughline-service-tier"
)

// Taxonomies are the vocabularies the directory publishes: the eligibility
// rules services use as thresholds, and the tier of care each belongs to.
func Taxonomies() []Taxonomy {
	return []Taxonomy{
		{ID: TaxonomyID(EligibilityTaxonomy), Name: "Throughline eligibility",
			Description: "Who a service accepts: the values of each dimension of a person's presentation that a service lists in its rules. A service that lists no value on a dimension accepts any value.",
			Version:     "1"},
		{ID: TaxonomyID(TierTaxonomy), Name: "Throughline service tier",
			Description: "The part of the local system of care a service belongs to, from primary care to specialist services for complex emotional needs.",
			Version:     "1"},
	}
}

// EligibilityCode is the term code for one value of one dimension, such as
// "risk:high"; the dimension's own term has the dimension as its code.
func EligibilityCode(dim, value string) string { return dim + ":" + value }

// TierCode is the term code for a tier.
func TierCode(tier string) string { return "tier:" + tier }

func words(code string) string {
	w := strings.ReplaceAll(code, "_", " ")
	w = strings.ReplaceAll(w, "-", " ")
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// Terms are every term of the published taxonomies, in a fixed order:
// each eligibility dimension followed by its values, then the tiers.
func Terms() []Term {
	var out []Term
	elig, tiers := TaxonomyID(EligibilityTaxonomy), TaxonomyID(TierTaxonomy)
	for _, dim := range directory.DimensionOrder {
		values, ok := directory.Dimensions[dim]
		if !ok {
			continue // age and locality have HSDS fields of their own
		}
		parent := Term{ID: TermID(dim), Code: dim, Name: words(dim),
			Description: "Eligibility on " + strings.ReplaceAll(dim, "_", " ") + ": the values a service accepts.",
			Taxonomy:    EligibilityTaxonomy, TaxonomyID: elig, Language: "en"}
		out = append(out, parent)
		for _, v := range values {
			code := EligibilityCode(dim, v)
			out = append(out, Term{ID: TermID(code), Code: code, Name: words(dim) + ": " + strings.ReplaceAll(v, "-", " "),
				Description: "The service accepts people whose " + strings.ReplaceAll(dim, "_", " ") + " is " + strings.ReplaceAll(v, "-", " ") + ".",
				ParentID:    parent.ID, Taxonomy: EligibilityTaxonomy, TaxonomyID: elig, Language: "en"})
		}
	}
	for _, t := range directory.Tiers {
		code := TierCode(t)
		out = append(out, Term{ID: TermID(code), Code: code, Name: words(t),
			Description: "Services in the " + strings.ReplaceAll(t, "-", " ") + " tier.",
			Taxonomy:    TierTaxonomy, TaxonomyID: tiers, Language: "en"})
	}
	return out
}

// TermByID finds a published term.
func TermByID(id string) (Term, bool) { return findTerm(func(t Term) bool { return t.ID == id }) }

func termByCode(code string) (Term, bool) {
	return findTerm(func(t Term) bool { return t.Code == code })
}

func findTerm(match func(Term) bool) (Term, bool) {
	for _, t := range Terms() {
		if match(t) {
			return t, true
		}
	}
	return Term{}, false
}
