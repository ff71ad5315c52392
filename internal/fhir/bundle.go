package fhir

// Bundle is a searchset: one page of matches, with the total and links to
// the other pages, and any resources _include brought in.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Meta         *Meta         `json:"meta,omitempty"`
	Type         string        `json:"type"`
	Total        *int          `json:"total,omitempty"`
	Link         []BundleLink  `json:"link,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleLink is a paging link (self, first, previous, next, last).
type BundleLink struct {
	Relation string `json:"relation"`
	URL      string `json:"url"`
}

// BundleEntry is one resource with why it is in the set.
type BundleEntry struct {
	FullURL  string       `json:"fullUrl,omitempty"`
	Resource any          `json:"resource"`
	Search   *EntrySearch `json:"search,omitempty"`
}

// EntrySearch says whether an entry matched or was included.
type EntrySearch struct {
	Mode string `json:"mode"`
}

// OperationOutcome is how every error is reported.
type OperationOutcome struct {
	ResourceType string  `json:"resourceType"`
	Issue        []Issue `json:"issue"`
}

// Issue is one problem: severity, an issue type code, and the words.
type Issue struct {
	Severity    string           `json:"severity"`
	Code        string           `json:"code"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
}

// Outcome is an error outcome with one issue; code is a FHIR issue type
// (invalid, not-found, forbidden, login, deleted, not-supported...).
func Outcome(code, message string) OperationOutcome {
	return OperationOutcome{ResourceType: "OperationOutcome", Issue: []Issue{{Severity: "error", Code: code, Details: &CodeableConcept{Text: message}}}}
}
