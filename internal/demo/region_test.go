package demo_test

import (
	"context"
	"sync"
	"testing"

	"throughline/internal/demo"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestMain removes the demo regions the package loaded.
func TestMain(m *testing.M) { storetest.Main(m) }

// region is the demo region with seed 2026, loaded once per database for
// the whole package (a load takes tens of seconds) and copied for each
// test. regionAgain is a second, independent load with the same seed, for
// the test that the demo is deterministic; it loads beside region.
var (
	region      = newRegionTemplate("demo")
	regionAgain = newRegionTemplate("demo_again")
)

// regionTemplate is a demo region template and what each load reported.
type regionTemplate struct {
	*storetest.Template
	summaries sync.Map // store.Dialect → demo.Summary
}

func newRegionTemplate(name string) *regionTemplate {
	r := &regionTemplate{}
	r.Template = &storetest.Template{Name: name, Build: func(ctx context.Context, db *store.DB) error {
		opt, err := optionsFor(2026)
		if err != nil {
			return err
		}
		sum, err := demo.Load(ctx, db, opt)
		if err != nil {
			return err
		}
		r.summaries.Store(db.Dialect(), sum)
		return nil
	}}
	return r
}

// summary is what the load that db, a copy of r, came from reported.
func (r *regionTemplate) summary(t *testing.T, db *store.DB) demo.Summary {
	t.Helper()
	sum, ok := r.summaries.Load(db.Dialect())
	if !ok {
		t.Fatalf("no %s region was loaded on %s", r.Name, db.Dialect())
	}
	return sum.(demo.Summary)
}
