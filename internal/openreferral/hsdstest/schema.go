// Package hsdstest validates JSON against the vendored HSDS 3.0 schemas.
// Only tests import it, so the schema validator never enters the binary.
package hsdstest

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed testdata/hsds-3.0
var schemas embed.FS

// Base is where the HSDS 3.0 schemas are published; the vendored copies
// are registered under it so the specification's own $refs resolve.
const Base = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// Schemas an API response is checked against.
const (
	Service              = Base + "compiled/service.json"
	ServiceListItem      = Base + "compiled/service_list.json"
	Organization         = Base + "compiled/organization.json"
	OrganizationListItem = Base + "compiled/organization_list.json"
	AtLocationListItem   = Base + "compiled/service_at_location_list.json"
	Taxonomy             = Base + "taxonomy.json"
	TaxonomyTerm         = Base + "taxonomy_term.json"
	Page                 = Base + "openapi.json#/components/schemas/Page"
	Root                 = Base + "openapi.json#/paths/~1/get/responses/200/content/application~1json/schema"
)

var (
	once     sync.Once
	compiler *jsonschema.Compiler
	loadErr  error
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

func load() {
	compiler = jsonschema.NewCompiler()
	compiler.AssertFormat()
	loadErr = fs.WalkDir(schemas, "testdata/hsds-3.0", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json.gz") {
			return err
		}
		b, err := schemas.ReadFile(path)
		if err != nil {
			return err
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(path, "testdata/hsds-3.0/"), ".gz")
		return compiler.AddResource(Base+name, doc)
	})
}

func schema(loc string) (*jsonschema.Schema, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	mu.Lock()
	defer mu.Unlock()
	if s, ok := compiled[loc]; ok {
		return s, nil
	}
	s, err := compiler.Compile(loc)
	if err != nil {
		return nil, err
	}
	compiled[loc] = s
	return s, nil
}

// Check validates doc (JSON) against the schema at loc.
func Check(doc []byte, loc string) error {
	s, err := schema(loc)
	if err != nil {
		return fmt.Errorf("compile %s: %w", loc, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// CheckPage validates a paginated response: the envelope against the
// OpenAPI document's Page, with every field present, and each item of
// contents against item.
func CheckPage(doc []byte, item string) error {
	if err := Check(doc, Page); err != nil {
		return err
	}
	var p map[string]json.RawMessage
	if err := json.Unmarshal(doc, &p); err != nil {
		return err
	}
	for _, k := range []string{"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"} {
		if _, ok := p[k]; !ok {
			return fmt.Errorf("page has no %s", k)
		}
	}
	var contents []json.RawMessage
	if err := json.Unmarshal(p["contents"], &contents); err != nil {
		return fmt.Errorf("contents: %w", err)
	}
	for i, c := range contents {
		if err := Check(c, item); err != nil {
			return fmt.Errorf("contents[%d]: %w", i, err)
		}
	}
	return nil
}

// Must fails t unless doc validates against loc.
func Must(t testing.TB, doc []byte, loc string) {
	t.Helper()
	if err := Check(doc, loc); err != nil {
		t.Fatalf("not valid HSDS 3.0 (%s): %v\n%.2000s", loc, err, doc)
	}
}
