package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func TestUnmetNeedCountedOncePerAskerPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		p, err := directory.ParseProfile("risk=high,engagement=chaotic", directory.DefaultProfile())
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name, asker string
			later       time.Duration
			want        bool
		}{
			{"first ask", "a", 0, true},
			{"same asker, same day", "a", time.Hour, false},
			{"another asker", "b", 0, true},
			{"same asker, next day", "a", 24 * time.Hour, true},
		}
		for _, s := range steps {
			clock = clock.Add(s.later)
			got, err := db.CountUnmetNeed(ctx, p, s.asker)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want {
				t.Errorf("%s: counted = %v, want %v", s.name, got, s.want)
			}
		}
		n, err := db.UnmetNeedSince(ctx, "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("unmet need since 2026-11 = %d, want 3", n)
		}
		if _, err := db.CountUnmetNeed(ctx, directory.Profile{}, "c"); err == nil {
			t.Error("an incomplete profile was counted")
		}
	})
}
