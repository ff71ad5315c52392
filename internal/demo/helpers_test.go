package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/demo"
	"throughline/internal/store"
)

var now = time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)

func options(t *testing.T, seed uint64) demo.Options {
	t.Helper()
	opt, err := optionsFor(seed)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

func optionsFor(seed uint64) (demo.Options, error) {
	hash, err := auth.HashPassword("demo password for tests", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1})
	return demo.Options{Seed: seed, Scale: 1, Now: now, PasswordHash: hash}, err
}

func mustUser(t *testing.T, db *store.DB, username string) auth.User {
	t.Helper()
	u, err := db.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u
}

func teamNamesByID(t *testing.T, db *store.DB) map[int64]string {
	t.Helper()
	teams, err := db.Teams(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, tm := range teams {
		out[tm.ID] = tm.Name
	}
	return out
}

func cenTeams(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	var ids []int64
	for id, name := range teamNamesByID(t, db) {
		if strings.HasPrefix(name, "CEN ") {
			ids = append(ids, id)
		}
	}
	return ids
}

// person loads a person without the timestamps the database sets on insert.
func person(t *testing.T, db *store.DB, id int64) care.Person {
	t.Helper()
	p, err := db.PersonNoAudit(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	p.CreatedAt, p.UpdatedAt = time.Time{}, time.Time{}
	return p
}

func episodes(t *testing.T, db *store.DB) []store.EpisodeRow {
	t.Helper()
	eps, err := db.Episodes(context.Background(), store.EpisodeFilter{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	return eps
}
