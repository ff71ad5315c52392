package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSearchPeopleByDateOfBirth: a date of birth typed any of the UK ways
// finds exactly the people born that day, alone or with a name; NHS
// number and name searches are as before.
func TestSearchPeopleByDateOfBirth(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		people := []care.Person{
			{GivenName: "Sam", FamilyName: "Okafor", DateOfBirth: time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC), NHSNumber: "9434765919"},
			{GivenName: "Sam", FamilyName: "Okafor", DateOfBirth: time.Date(1990, 12, 3, 0, 0, 0, 0, time.UTC)},
			{GivenName: "Ada", FamilyName: "March", DateOfBirth: time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)},
			{GivenName: "Lee", FamilyName: "Unknown"},
		}
		for i := range people {
			if err := db.CreatePerson(ctx, auth.System, &people[i]); err != nil {
				t.Fatal(err)
			}
		}
		sam, samDecember, ada := people[0].ID, people[1].ID, people[2].ID
		tests := []struct {
			q    string
			want []int64
		}{
			{"12/03/1990", []int64{ada, sam}},
			{"12-03-1990", []int64{ada, sam}},
			{"12.3.1990", []int64{ada, sam}},
			{"1990-03-12", []int64{ada, sam}},
			{"12 March 1990", []int64{ada, sam}},
			{"12 Mar 1990", []int64{ada, sam}},
			{"03/12/1990", []int64{samDecember}},
			{"Okafor 12/03/1990", []int64{sam}},
			{"sam 3 December 1990", []int64{samDecember}},
			{"march", []int64{ada}},
			{"sam okafor", []int64{sam, samDecember}},
			{"943 476 5919", []int64{sam}},
			{"31/02/1990", nil},
			{"01/01/2000", nil},
		}
		for _, tt := range tests {
			got, err := db.SearchPeople(ctx, auth.System, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, p := range got {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("search %q found %v, want %v", tt.q, ids, tt.want)
			}
		}
	})
}
