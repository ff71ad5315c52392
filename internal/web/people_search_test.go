package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// TestPeopleSearchByDateOfBirth: staff find a person by date of birth
// typed the UK ways, alone or after a name, and the results show enough
// to tell two people apart: name, date of birth, age and the NHS number
// in its 3 3 4 groups.
func TestPeopleSearchByDateOfBirth(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		born := time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)
		p := care.Person{GivenName: "Sam", FamilyName: "Okafor", DateOfBirth: born, NHSNumber: "4010232137"}
		if err := f.db.CreatePerson(ctx, auth.System, &p); err != nil {
			t.Fatal(err)
		}
		other := care.Person{GivenName: "Sam", FamilyName: "Okafor", DateOfBirth: time.Date(1990, 12, 3, 0, 0, 0, 0, time.UTC)}
		if err := f.db.CreatePerson(ctx, auth.System, &other); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Clinician])
		age := fmt.Sprintf(`<td class="tl-num">%d</td>`, p.AgeOn(f.db.Now()))
		for _, q := range []string{"12/03/1990", "1990-03-12", "12 March 1990", "12-03-1990", "12.3.1990", "12 Mar 1990", "Okafor 12/03/1990"} {
			res, body := f.do(t, "GET", "/people?q="+url.QueryEscape(q), tok, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("search %q: status %d", q, res.StatusCode)
			}
			for _, want := range []string{"1 person found", fmt.Sprintf(`href="/people/%d"`, p.ID), "12 Mar 1990", age, "401 023 2137"} {
				if !strings.Contains(body, want) {
					t.Errorf("search %q: results lack %q", q, want)
				}
			}
			if strings.Contains(body, fmt.Sprintf(`href="/people/%d"`, other.ID)) {
				t.Errorf("search %q found the Sam Okafor born on 3 December", q)
			}
		}
		_, body := f.do(t, "GET", "/people?q="+url.QueryEscape("943 476 5919"), tok, nil)
		if !strings.Contains(body, fmt.Sprintf(`href="/people/%d"`, f.person.ID)) || !strings.Contains(body, "943 476 5919") {
			t.Error("an NHS number search no longer finds the person, spaced 3 3 4")
		}
	})
}
