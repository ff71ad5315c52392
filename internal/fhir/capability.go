package fhir

// ResourceSpec is what the server supports for one resource type. The
// web layer wires its handlers from the same specs that build the
// CapabilityStatement, so the statement cannot promise what is not served.
type ResourceSpec struct {
	Type     string
	Profile  string // UK Core profile name, if one is claimed
	Read     bool
	Search   bool
	Params   []Param
	Includes []string
	// Operations are type-level operations, such as a Group's $export.
	Operations []Operation
}

// Operation is a supported operation and its definition.
type Operation struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
}

// BulkExport is the Bulk Data system-level and Group-level $export.
var (
	BulkExport      = Operation{Name: "export", Definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"}
	BulkGroupExport = Operation{Name: "export", Definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"}
)

// Security says how clients authenticate.
type Security struct {
	Service     []CodeableConcept `json:"service,omitempty"`
	Description string            `json:"description,omitempty"`
}

// CapabilityStatement says what this server supports.
type CapabilityStatement struct {
	ResourceType string       `json:"resourceType"`
	Status       string       `json:"status"`
	Date         string       `json:"date"`
	Publisher    string       `json:"publisher"`
	Kind         string       `json:"kind"`
	Software     *Software    `json:"software,omitempty"`
	FHIRVersion  string       `json:"fhirVersion"`
	Format       []string     `json:"format"`
	Rest         []RestServer `json:"rest"`
}

// Software names the server software.
type Software struct {
	Name string `json:"name"`
}

// RestServer is the server's REST interface.
type RestServer struct {
	Mode          string         `json:"mode"`
	Documentation string         `json:"documentation,omitempty"`
	Security      *Security      `json:"security,omitempty"`
	Resource      []RestResource `json:"resource"`
	Operation     []Operation    `json:"operation,omitempty"`
}

// RestResource is one supported resource type.
type RestResource struct {
	Type          string        `json:"type"`
	Profile       string        `json:"profile,omitempty"`
	Interaction   []Interaction `json:"interaction,omitempty"`
	SearchInclude []string      `json:"searchInclude,omitempty"`
	SearchParam   []SearchParam `json:"searchParam,omitempty"`
	Operation     []Operation   `json:"operation,omitempty"`
}

// Interaction is a supported interaction code (read, search-type).
type Interaction struct {
	Code string `json:"code"`
}

// SearchParam is a supported search parameter.
type SearchParam struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Documentation string `json:"documentation,omitempty"`
}

// Capability builds the statement from the specs and the system-level
// operations, dated date.
func Capability(specs []ResourceSpec, operations []Operation, date string) CapabilityStatement {
	rest := RestServer{Mode: "server", Documentation: "Signed-in users see the records of the people they have a care relationship with, under the same rules and audit as the web pages.",
		Security: &Security{Service: []CodeableConcept{{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/restful-security-service", Code: "SMART-on-FHIR"}}}},
			Description: "System clients: SMART Backend Services (client_credentials with a private_key_jwt assertion, RS384 or ES384); see .well-known/smart-configuration. People: a signed-in session."},
		Operation: operations}
	for _, s := range specs {
		rr := RestResource{Type: s.Type, SearchInclude: s.Includes, Operation: s.Operations}
		if s.Profile != "" {
			rr.Profile = ukCore + s.Profile
		}
		if s.Read {
			rr.Interaction = append(rr.Interaction, Interaction{"read"})
		}
		if s.Search {
			rr.Interaction = append(rr.Interaction, Interaction{"search-type"})
			for _, p := range s.Params {
				rr.SearchParam = append(rr.SearchParam, SearchParam(p))
			}
		}
		rest.Resource = append(rest.Resource, rr)
	}
	return CapabilityStatement{ResourceType: "CapabilityStatement", Status: "active", Date: date, Publisher: "Throughline", Kind: "instance",
		Software: &Software{Name: "Throughline"}, FHIRVersion: fhirVersion, Format: []string{"application/fhir+json"}, Rest: []RestServer{rest}}
}

// fhirVersion is R4 as the official R4 JSON schema spells it: its enum
// stops at 4.0.0 (4.0.1 was a technical correction of the same release),
// and every resource served must validate against that schema.
const fhirVersion = "4.0.0"
