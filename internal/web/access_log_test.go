package web

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestAccessLogInPlainWords reads "who has looked at my record" as the
// service user: staff by name, role and team, what they did in words, UK
// time, and emergency access marked with the reason given; no codes.
func TestAccessLogInPlainWords(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// 12:30 UTC in July is 13:30 in the UK.
		f.db.Now = func() time.Time { return time.Date(2026, 7, 1, 12, 30, 0, 0, time.UTC) }
		person := fmt.Sprintf("/people/%d", f.person.ID)
		clinician := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		if err := f.db.Audit(ctx, clinician, auth.ActionView, f.person.ID, "care-plan/episode/1"); err != nil {
			t.Fatal(err)
		}
		if err := f.db.Audit(ctx, clinician, auth.ActionUpdate, f.person.ID, "crisis-plan/3"); err != nil {
			t.Fatal(err)
		}
		// The outsider is in no team, so must use emergency access.
		tok, csrf := f.session(t, f.outsider)
		reason := "Person in A&E now; liaison asked for their crisis plan"
		if res, _ := f.do(t, "POST", person+"/break-glass", tok, url.Values{"csrf_token": {csrf}, "reason": {reason}}); res.StatusCode != 303 {
			t.Fatalf("break-glass: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "GET", person, tok, nil); res.StatusCode != 200 {
			t.Fatalf("open under break-glass: %d", res.StatusCode)
		}

		// The referrer opens the acknowledgement letter to print it.
		refs, err := f.db.Referrals(ctx, store.ReferralFilter{PersonID: f.person.ID})
		if err != nil || len(refs) == 0 {
			t.Fatalf("the person's referral: %v, %v", refs, err)
		}
		rtok, _ := f.session(t, f.users[auth.Referrer])
		if res, _ := f.do(t, "GET", fmt.Sprintf("/referrals/%d/acknowledgement", refs[0].ID), rtok, nil); res.StatusCode != 200 {
			t.Fatalf("acknowledgement: %d", res.StatusCode)
		}

		stok, _ := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, "GET", person+"/access-log", stok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("access log: %d", res.StatusCode)
		}
		for _, want := range []string{
			"Who has looked at your record",
			"Test Clinician", "Psychologist", "CEN Community Team",
			"looked at your care plan", "updated your crisis plan",
			"their team looks after you",
			"Out Sider", "Nurse", "opened your record in an emergency", "looked at your record",
			"Emergency access", "The reason they gave: “" + reason + "”", auditlog.EmergencyExplained,
			"1 Jul 2026 13:30",
			"printed or downloaded the letter saying your referral arrived",
		} {
			if !strings.Contains(body, html.EscapeString(want)) {
				t.Errorf("access log lacks %q", want)
			}
		}
		for _, code := range []string{"care-plan/episode", "crisis-plan/3", "break-glass</td>", ">clinician<", "caseload"} {
			if strings.Contains(body, code) {
				t.Errorf("access log shows the code %q to the person", code)
			}
		}

		// Staff caring for the person see the words and the codes.
		ctok, _ := f.session(t, f.users[auth.Clinician])
		_, body = f.do(t, "GET", person+"/access-log", ctok, nil)
		for _, want := range []string{"Who has seen this record", "looked at their care plan", "view care-plan/episode/1"} {
			if !strings.Contains(body, want) {
				t.Errorf("staff access log lacks %q", want)
			}
		}
	})
}

// TestAuditVerifyPageChecksSignatures: with the service's public key the
// audit page rejects a checkpoint signed by anyone else.
func TestAuditVerifyPageChecksSignatures(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
		f.srv.cfg.AuditPublicKey = key.Public().(ed25519.PublicKey)
		first, _, err := f.db.Checkpoint(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		tok, csrf := f.session(t, f.users[auth.Auditor])
		_, body := f.do(t, "POST", "/audit/verify", tok, url.Values{"csrf_token": {csrf}})
		if !strings.Contains(body, "Every signed checkpoint (1) carries the service&#39;s signature") {
			t.Errorf("intact signed log not reported:\n%s", body)
		}
		other := ed25519.NewKeyFromSeed(append([]byte{1}, make([]byte, ed25519.SeedSize-1)...))
		forged, err := auditlog.Sign(other, nil, first.Seq, first.Hash, first.At)
		if err != nil {
			t.Fatal(err)
		}
		storetest.TamperCheckpoints(t, f.db, fmt.Sprintf(`UPDATE audit_checkpoints SET line = '%s' WHERE n = 1`, forged.Line()))
		if _, body := f.do(t, "POST", "/audit/verify", tok, url.Values{"csrf_token": {csrf}}); !strings.Contains(body, "has been altered") {
			t.Error("forged checkpoint not reported on the audit page")
		}
	})
}

// TestAuditPageWordsEvents: the auditor sees the plain words beside the codes.
func TestAuditPageWordsEvents(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clinician := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		if err := f.db.Audit(context.Background(), clinician, auth.ActionView, f.person.ID, "crisis-plan"); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Auditor])
		_, body := f.do(t, "GET", "/audit", tok, nil)
		for _, want := range []string{"crisis-plan", "looked at their crisis plan"} {
			if !strings.Contains(body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
	})
}
