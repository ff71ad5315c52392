// Package fhirtest validates resources against the official HL7 FHIR R4
// JSON schema, vendored in internal/fhir/testdata. Only tests import it,
// so the schema validator never reaches the binary.
package fhirtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var (
	once     sync.Once
	compiler *jsonschema.Compiler
	loadErr  error
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

const schemaURL = "http://hl7.org/fhir/json-schema/4.0"

func load() {
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "testdata", "fhir.schema.json")
	b, err := os.ReadFile(path)
	if err != nil {
		loadErr = err
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		loadErr = err
		return
	}
	compiler = jsonschema.NewCompiler()
	loadErr = compiler.AddResource(schemaURL, doc)
}

func schemaFor(resourceType string) (*jsonschema.Schema, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	mu.Lock()
	defer mu.Unlock()
	if s, ok := compiled[resourceType]; ok {
		return s, nil
	}
	s, err := compiler.Compile(schemaURL + "#/definitions/" + resourceType)
	if err != nil {
		return nil, fmt.Errorf("compile schema for %s: %w", resourceType, err)
	}
	compiled[resourceType] = s
	return s, nil
}

// Validate checks one resource (JSON) against the schema definition its
// resourceType names; a Bundle's entries are each checked against their
// own type too, so that an error names the resource at fault.
func Validate(raw []byte) error {
	var head struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if head.ResourceType == "" {
		return fmt.Errorf("no resourceType in %.80s", raw)
	}
	s, err := schemaFor(head.ResourceType)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if err := s.Validate(doc); err != nil {
		return fmt.Errorf("%s is not valid FHIR R4: %w\n%.600s", head.ResourceType, err, raw)
	}
	if head.ResourceType == "Bundle" {
		for _, e := range head.Entry {
			if err := Validate(e.Resource); err != nil {
				return err
			}
		}
	}
	return nil
}

// Check fails t if raw is not a valid resource.
func Check(t testing.TB, raw []byte) {
	t.Helper()
	if err := Validate(raw); err != nil {
		t.Fatal(err)
	}
}
