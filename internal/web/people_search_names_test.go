package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestPeopleSearchFindsNamesFromTheirStart: staff find a person by the
// start of any of their names, accents optional, as the search box's hint
// says; a search that finds more than a page says how to narrow it.
func TestPeopleSearchFindsNamesFromTheirStart(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		zoe := care.Person{GivenName: "Zoë", FamilyName: "Asante-Lowe"}
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreatePerson(ctx, auth.System, &zoe); err != nil {
				return err
			}
			for i := range 51 {
				p := care.Person{GivenName: fmt.Sprintf("Person %02d", i), FamilyName: "Narrowby"}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Clinician])
		_, body := f.do(t, "GET", "/people", tok, nil)
		if !strings.Contains(body, "Type the start of any of their names, with or without accents") {
			t.Error("the search box does not say how names are found")
		}
		for _, q := range []string{"zoe", "Zoë", "lowe", "asante-l", "zo asan"} {
			_, body := f.do(t, "GET", "/people?q="+url.QueryEscape(q), tok, nil)
			if !strings.Contains(body, "1 person found") || !strings.Contains(body, fmt.Sprintf(`href="/people/%d"`, zoe.ID)) {
				t.Errorf("search %q does not find Zoë Asante-Lowe alone", q)
			}
			if strings.Contains(body, `id="narrow-search"`) {
				t.Errorf("search %q found one person and asks to narrow it", q)
			}
		}
		_, body = f.do(t, "GET", "/people?q=narrow", tok, nil)
		if !strings.Contains(body, "51 people found") || !strings.Contains(body, "Showing 1 to 50 of 51") || !strings.Contains(body, `id="narrow-search"`) {
			t.Error("a search finding 51 people does not show the first 50 of 51 with a way to narrow it")
		}
	})
}
