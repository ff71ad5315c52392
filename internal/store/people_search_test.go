package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSearchPeopleByNameWords: a search word finds people whose given,
// preferred or family name has a word it begins (or the part of a word
// after a hyphen or apostrophe), whatever the accents or capitals, in the
// list's order (family name, given name, id) with each person once; a
// change of name, by staff or by the person in the portal, changes what
// finds them at once; and the words of people recorded before the words
// were kept are written by the migration's step.
func TestSearchPeopleByNameWords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		born := time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)
		people := []care.Person{
			{GivenName: "Zoë", FamilyName: "Łukasiewicz"},
			{GivenName: "Kwame", FamilyName: "Asante-Lowe"},
			{GivenName: "Niamh", FamilyName: "O'Brien"},
			{GivenName: "Sam", FamilyName: "Okafor", DateOfBirth: born},
			{GivenName: "Samantha", FamilyName: "Okafor"},
			{GivenName: "Samuel", PreferredName: "Sammy", FamilyName: "Smith"},
			{GivenName: "Ada", FamilyName: "Okafor-Smith"},
			{GivenName: "Sam", FamilyName: "Okafor"},
			{GivenName: "Jordan", FamilyName: "Hosam"},
		}
		for i := range people {
			if err := db.CreatePerson(ctx, auth.System, &people[i]); err != nil {
				t.Fatal(err)
			}
		}
		zoe, kwame, niamh, sam, samantha, samuel, ada, sam2 := people[0].ID, people[1].ID, people[2].ID, people[3].ID, people[4].ID, people[5].ID, people[6].ID, people[7].ID
		search := func(t *testing.T, q string, want ...int64) {
			t.Helper()
			got, err := db.SearchPeoplePage(ctx, auth.System, q, store.FirstPage)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, p := range got.Rows {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, want) || got.Total != len(want) {
				t.Errorf("search %q found %v of %d, want %v", q, ids, got.Total, want)
			}
		}
		tests := []struct {
			q    string
			want []int64
		}{
			{"zoe", []int64{zoe}},
			{"ZOË", []int64{zoe}},
			{"lukas", []int64{zoe}},
			{"lowe", []int64{kwame}},
			{"asante-lowe", []int64{kwame}},
			{"o'brien", []int64{niamh}},
			{"brien", []int64{niamh}},
			{"oka", []int64{sam, sam2, samantha, ada}},
			{"sam", []int64{sam, sam2, samantha, samuel}}, // Samuel once, found as Samuel and as Sammy
			{"sammy", []int64{samuel}},
			{"smith", []int64{ada, samuel}},
			{"sam oka", []int64{sam, sam2, samantha}},
			{"s oka", []int64{sam, sam2, samantha, ada}}, // a short word after a long one, and before
			{"oka s", []int64{sam, sam2, samantha, ada}},
			{"okafor-smith a", []int64{ada}},
			{"okafor sam 12/03/1990", []int64{sam}},
			{"amantha", nil}, // a name is found from the start of a word
			{"sam nobody", nil},
		}
		for _, tt := range tests {
			search(t, tt.q, tt.want...)
		}

		// Renamed by staff: found by the new name only.
		p, err := db.PersonNoAudit(ctx, niamh)
		if err != nil {
			t.Fatal(err)
		}
		p.FamilyName = "Byrne"
		if err := db.UpdatePerson(ctx, auth.System, &p); err != nil {
			t.Fatal(err)
		}
		search(t, "brien")
		search(t, "byrne", niamh)
		// The name a person uses, set by them in the portal.
		own := care.OwnPreferences{PersonID: kwame, PreferredName: "Kay", Version: 1}
		if err := db.SaveOwnPreferences(ctx, auth.System, own); err != nil {
			t.Fatal(err)
		}
		search(t, "kay", kwame)

		// People recorded before migration 0033 have their words
		// written by its step.
		if err := storetest.Exec(t, db, `DELETE FROM person_name_words`); err != nil {
			t.Fatal(err)
		}
		search(t, "oka")
		if err := db.BackfillNameWords(ctx); err != nil {
			t.Fatal(err)
		}
		search(t, "oka", sam, sam2, samantha, ada)
		search(t, "kay", kwame)
	})
}

// TestSearchPeoplePages: a search's pages follow one another in the
// list's order with the total of everyone found, and a page past the end
// is empty with the same total.
func TestSearchPeoplePages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var all []care.Person
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range 130 {
				p := care.Person{GivenName: fmt.Sprintf("Given %03d", (i*37)%130), FamilyName: []string{"Paget", "Pager", "Pagett-Hill"}[i%3]}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				all = append(all, p)
			}
			other := care.Person{GivenName: "Someone", FamilyName: "Else"}
			return tx.CreatePerson(ctx, auth.System, &other)
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(all, func(a, b care.Person) int {
			return cmp.Or(cmp.Compare(a.FamilyName, b.FamilyName), cmp.Compare(a.GivenName, b.GivenName), cmp.Compare(a.ID, b.ID))
		})
		var got []care.Person
		for n := 1; n <= 4; n++ {
			page, err := db.SearchPeoplePage(ctx, auth.System, "pag", store.Page{Number: n})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != len(all) {
				t.Errorf("page %d: total %d, want %d", n, page.Total, len(all))
			}
			if want := min(store.PageSize, max(0, len(all)-(n-1)*store.PageSize)); len(page.Rows) != want {
				t.Errorf("page %d has %d rows, want %d", n, len(page.Rows), want)
			}
			got = append(got, page.Rows...)
		}
		if !slices.EqualFunc(got, all, func(a, b care.Person) bool { return a.ID == b.ID }) {
			t.Errorf("pages in order:\n got %v\nwant %v", names(got), names(all))
		}
	})
}

func names(ps []care.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.FamilyName+" "+p.GivenName)
	}
	return out
}

// TestPeopleSearchLooksUpShortWordsPersonByPerson: a search leads with its
// longest word and, when that is selective, checks each other word for
// the people it found, by the person index, instead of listing everyone
// with a one-letter word; when every word is short, the list is cheaper.
func TestPeopleSearchLooksUpShortWordsPersonByPerson(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, storetest.Dialects(t)["sqlite"](t))
	for _, tt := range []struct {
		query    string
		list     bool
		leadWord string
	}{
		{"smith j", false, "smith"},
		{"j smith", false, "smith"},
		{"a b", true, "a"},
	} {
		q, args := store.PeopleSearchIDsForTest(tt.query)
		plan := storetest.SQLitePlan(t, db, q, args...)
		if got := strings.Contains(plan, "LIST SUBQUERY"); got != tt.list {
			t.Errorf("%q: lists everyone with a word %v, want %v:\n%s", tt.query, got, tt.list, plan)
		}
		if !tt.list && !strings.Contains(plan, "person_name_words_person") {
			t.Errorf("%q: the other word is not looked up by person:\n%s", tt.query, plan)
		}
		if got := args[0]; got != tt.leadWord {
			t.Errorf("%q: leads with %q, want %q", tt.query, got, tt.leadWord)
		}
	}
}
