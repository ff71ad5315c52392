package auth

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

var cheap = Argon2Params{Memory: 64, Time: 1, Threads: 1}

func TestPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"", "x", false},
		{"$argon2id$v=19$m=64,t=1,p=1$bad$bad", "x", false},
		{strings.Replace(h, "m=64", "m=99999999", 1), "correct horse battery", false},
	}
	for i, tt := range tests {
		if got := CheckPassword(tt.hash, tt.pw); got != tt.want {
			t.Errorf("case %d: CheckPassword = %v, want %v", i, got, tt.want)
		}
	}
	if CheckPasswordOrDummy("", "anything") {
		t.Error("dummy check must never succeed")
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("seed password!", cheap)
	f.Add(h, "seed password!")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		_ = CheckPassword(hash, pw) // must not panic or hang on any input
	})
}

func TestUserValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		u     User
		field string
	}{
		{"clinician ok", User{Username: "A.Nurse", DisplayName: "A Nurse", Role: Clinician, Profession: "nurse"}, ""},
		{"clinician without profession", User{Username: "a", DisplayName: "A", Role: Clinician}, "profession"},
		{"admin with profession", User{Username: "a", DisplayName: "A", Role: Admin, Profession: "nurse"}, "profession"},
		{"service user unlinked", User{Username: "a", DisplayName: "A", Role: ServiceUser}, "person_id"},
		{"bad username", User{Username: "a b", DisplayName: "A", Role: Admin}, "username"},
		{"bad role", User{Username: "a", DisplayName: "A", Role: "boss"}, "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.u.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tt.u.Username != "a.nurse" {
					t.Errorf("username not lower-cased: %q", tt.u.Username)
				}
				return
			}
			if problem.Fields(err)[tt.field] == "" {
				t.Errorf("want problem on %s, got %v", tt.field, err)
			}
		})
	}
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	l := SessionLimits{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}
	tests := []struct {
		name     string
		lastSeen time.Time
		now      time.Time
		want     bool
	}{
		{"fresh", start, start.Add(time.Minute), false},
		{"idle", start, start.Add(31 * time.Minute), true},
		{"active but too old", start.Add(8 * time.Hour), start.Add(8*time.Hour + time.Minute), true},
	}
	for _, tt := range tests {
		s := Session{CreatedAt: start, LastSeenAt: tt.lastSeen}
		if got := s.Expired(tt.now, l); got != tt.want {
			t.Errorf("%s: Expired = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPersonAccess(t *testing.T) {
	t.Parallel()
	all := Links{Self: true, OnCaseload: true, TeamReferral: true, ReferredBy: true, BreakGlass: true}
	tests := []struct {
		role  Role
		links Links
		want  Relationship
	}{
		{Clinician, Links{OnCaseload: true}, RelCaseload},
		{Clinician, Links{TeamReferral: true}, RelTeamReferr},
		{Clinician, Links{BreakGlass: true}, RelBreakGlass},
		{Clinician, Links{ReferredBy: true, Self: true}, RelNone},
		{Referrer, Links{ReferredBy: true}, RelReferrer},
		{Referrer, Links{OnCaseload: true, BreakGlass: true}, RelNone},
		{ServiceUser, Links{Self: true}, RelSelf},
		{ServiceUser, Links{OnCaseload: true}, RelNone},
		{Commissioner, all, RelNone},
		{SystemAdmin, all, RelNone},
		{Auditor, all, RelNone},
	}
	for _, tt := range tests {
		if got := PersonAccess(User{Role: tt.role}, tt.links); got != tt.want {
			t.Errorf("%s with %+v = %q, want %q", tt.role, tt.links, got, tt.want)
		}
	}
}

func TestChainVerifierDetectsTampering(t *testing.T) {
	t.Parallel()
	var events []Event
	prev := GenesisHash
	for i := int64(1); i <= 4; i++ {
		e := Event{Seq: i, At: time.Date(2026, 1, 1, 0, 0, int(i), 0, time.UTC), UserID: 7, Action: ActionView, PersonID: 3, PrevHash: prev}
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
		events = append(events, e)
	}
	verify := func(es []Event) error {
		v := NewChainVerifier()
		for _, e := range es {
			if err := v.Next(e); err != nil {
				return err
			}
		}
		return nil
	}
	if err := verify(events); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	altered := append([]Event(nil), events...)
	altered[2].PersonID = 99
	deleted := append(append([]Event(nil), events[:1]...), events[2:]...)
	rehashed := append([]Event(nil), events...)
	rehashed[1].Reason = "edited"
	rehashed[1].Hash = rehashed[1].ComputeHash(rehashed[1].PrevHash)
	for name, es := range map[string][]Event{"altered": altered, "deleted": deleted, "rehashed": rehashed} {
		if err := verify(es); err == nil {
			t.Errorf("%s chain verified, want error", name)
		}
	}
}
