package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// frontDoorCase is one referral to the CEN service at the front of the
// pathway, as of Options.Now: received, being screened, waiting for more
// information, accepted and waiting (some past the limits, some with
// check-ins), or declined with an onward route.
type frontDoorCase struct {
	given, family string
	dob           string
	locality      string
	byReferrer    bool // from the fixed "referrer" login; otherwise typed in by admin
	daysAgo       int  // when received
	stage         string
	acceptedAgo   int // days ago the referral was accepted
	moreInfo      string
	infoAfter     int // days after the request the answer came, 0 = still awaited
	decline       care.Decline
	checkIns      []int // days ago of each check-in while waiting
	prefs         care.Preferences
}

var frontDoorCases = []frontDoorCase{
	{given: "Niamh", family: "Fairweather", dob: "1996-04-12", locality: "N", byReferrer: true, daysAgo: 1, stage: "received"},
	{given: "Kwame", family: "Asante-Lowe", dob: "1989-09-30", locality: "C", daysAgo: 3, stage: "screening", prefs: care.Preferences{WorkerGender: "man"}},
	{given: "Ewa", family: "Zielinska", dob: "1992-01-18", locality: "E", daysAgo: 12, stage: "more-info",
		moreInfo: "Please send the most recent crisis plan and a summary of the talking therapies offered so far.", prefs: care.Preferences{InterpreterLanguage: "Polish"}},
	{given: "Rowan", family: "Pike", dob: "2001-06-05", locality: "S", daysAgo: 30, stage: "more-info",
		moreInfo: "Could you tell us what Rowan would like help with, in their words?", infoAfter: 9},
	{given: "Imogen", family: "Barraclough", dob: "1985-11-22", locality: "W", byReferrer: true, daysAgo: 40, stage: "accepted", acceptedAgo: 33,
		checkIns: []int{20, 5}, prefs: care.Preferences{WorkerGender: "woman"}},
	{given: "Tariq", family: "Hollins", dob: "1994-02-14", locality: "N", daysAgo: 70, stage: "accepted", acceptedAgo: 60, checkIns: []int{30}},
	{given: "Delphine", family: "Marsh", dob: "1979-08-08", locality: "C", daysAgo: 110, stage: "accepted", acceptedAgo: 95,
		moreInfo: "Please confirm the current medication and who prescribes it.", infoAfter: 6, checkIns: []int{70, 40, 12}},
	{given: "Callum", family: "Redfern", dob: "1998-12-01", locality: "E", daysAgo: 9, stage: "accepted", acceptedAgo: 4},
	{given: "Priya", family: "Lakhani", dob: "1990-03-27", locality: "S", byReferrer: true, daysAgo: 21, stage: "declined",
		decline: care.Decline{Reason: "more-suitable-service", OnwardServiceID: "psych-therapies",
			Profile: "risk=low,engagement=able,diagnosis=none,complexity=single,substance_use=none,housing=settled,duration_needed=long"}},
	{given: "Gareth", family: "Tolley", dob: "1983-07-19", locality: "W", daysAgo: 16, stage: "declined",
		decline: care.Decline{Reason: "substance-use-primary", OnwardServiceID: "recovery-service",
			Profile: "risk=moderate,engagement=chaotic,diagnosis=uncertain,complexity=multiple,substance_use=primary,housing=unstable,duration_needed=long"}},
	{given: "Aoife", family: "Brennan", dob: "1995-10-10", locality: "N", daysAgo: 25, stage: "declined",
		decline: care.Decline{Reason: "outside-locality", Profile: "risk=moderate,engagement=variable,diagnosis=uncertain,complexity=multiple,substance_use=none,housing=settled,duration_needed=long",
			OnwardException: "Aoife moved to another county last month. We have spoken with her new GP, who will refer her to the specialist service there; we will share our assessment notes with her consent."}},
}

// loadFrontDoor adds frontDoorCases through the same store actions the
// screens use, with the clock set to each step's time, so that timelines,
// paused clocks and decisions are exactly what a real referral would have.
func loadFrontDoor(ctx context.Context, db *store.DB, now time.Time) (people, referrals int, err error) {
	clock := db.Now
	defer func() { db.Now = clock }()
	users := map[string]auth.User{}
	for _, name := range []string{"referrer", "admin", "manager"} {
		if users[name], err = db.UserByUsername(ctx, name); err != nil {
			return 0, 0, fmt.Errorf("demo front door: %w", err)
		}
	}
	admin := auth.Actor{User: users["admin"]}
	manager := auth.Actor{User: users["manager"], Relationship: auth.RelTeamReferr}
	// at is days ago, moved back to a working day: the steps are days
	// apart or in hour order, so they keep their order whatever today is.
	at := func(days int, hour int) {
		t := atHour(lastWorkday(now.AddDate(0, 0, -days)), hour)
		db.Now = func() time.Time { return t }
	}
	for _, c := range frontDoorCases {
		dob, _ := time.Parse("2006-01-02", c.dob)
		n := store.NewReferral{
			Person:      care.Person{GivenName: c.given, FamilyName: c.family, DateOfBirth: dob, Locality: c.locality},
			Preferences: c.prefs,
			Intake: care.Intake{ServiceID: cen, Reason: "Long-standing difficulties with intense emotions and relationships; repeated crises over the past year.",
				Tried: "Talking therapies (two short courses); GP support", Risks: "Self-harm at times of crisis; no current plans", Consent: true,
				ReferrerName: users["referrer"].DisplayName, ReferrerOrg: users["referrer"].Organization, ReferrerTier: "primary"},
		}
		by := admin
		if c.byReferrer {
			n.ReferrerUserID, by = users["referrer"].ID, auth.Actor{User: users["referrer"]}
		} else {
			n.EnteredBy = users["admin"].ID
			n.Intake.ReferrerName, n.Intake.ReferrerOrg = "Dr Owen Price", "Eastbrook Health Centre"
		}
		at(c.daysAgo, 9)
		d, err := db.SubmitReferral(ctx, by, n)
		if err != nil {
			return people, referrals, fmt.Errorf("demo front door %s %s: %w", c.given, c.family, err)
		}
		people, referrals = people+1, referrals+1
		if err := screenFrontDoor(ctx, db, manager, c, d, at); err != nil {
			return people, referrals, fmt.Errorf("demo front door %s %s: %w", c.given, c.family, err)
		}
	}
	return people, referrals, nil
}

func screenFrontDoor(ctx context.Context, db *store.DB, a auth.Actor, c frontDoorCase, d care.ReferralDetail, at func(days, hour int)) error {
	var err error
	if c.stage == "received" {
		return nil
	}
	if c.moreInfo != "" {
		at(c.daysAgo-1, 11)
		if d, err = db.RequestMoreInfo(ctx, a, d.ID, d.Version, c.moreInfo); err != nil {
			return err
		}
		if c.infoAfter == 0 {
			return nil
		}
		at(c.daysAgo-1-c.infoAfter, 10)
		if d, err = db.RecordInformation(ctx, a, d.ID, d.Version, "Referrer replied with what was asked."); err != nil {
			return err
		}
	}
	switch c.stage {
	case "screening":
		at(c.daysAgo-1, 14)
		return db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.MoveReferral(ctx, a, d.ID, d.Version, care.ReferralScreening, "Screening started")
			return err
		})
	case "more-info":
		return nil
	case "accepted":
		at(c.acceptedAgo, 15)
		profile := c.profile("risk=high,engagement=variable,diagnosis=cen,complexity=complex-trauma,substance_use=none,housing=settled,duration_needed=long", db.Now())
		if d, err = db.AcceptReferral(ctx, a, d.ID, d.Version, profile, "Meets the service's criteria; added to the waiting list."); err != nil {
			return err
		}
		for _, ago := range c.checkIns {
			at(ago, 12)
			ci := care.CheckIn{ReferralID: d.ID, On: db.Now().Truncate(24 * time.Hour), Method: "phone",
				Note: "Checked in while waiting; talked through what helps at the moment.", CrisisSignposted: true}
			if err := db.AddCheckIn(ctx, a, &ci); err != nil {
				return err
			}
		}
	case "declined":
		at(c.daysAgo-2, 15)
		dc := c.decline
		dc.Profile = c.profile(dc.Profile, db.Now())
		_, err = db.DeclineReferral(ctx, a, d.ID, d.Version, dc)
	}
	return err
}

// profile completes a presentation with the person's age and locality on day.
func (c frontDoorCase) profile(presentation string, day time.Time) string {
	dob, _ := time.Parse("2006-01-02", c.dob)
	return fmt.Sprintf("%s,age=%d,locality=%s", presentation, care.Person{DateOfBirth: dob}.AgeOn(day), c.locality)
}

// extraAudits counts the audit events a case writes beyond creating its
// person and referral: one per screening step and check-in.
func (c frontDoorCase) extraAudits() int {
	n := len(c.checkIns)
	if c.moreInfo != "" {
		n++
		if c.infoAfter > 0 {
			n++
		}
	}
	if c.stage == "screening" || c.stage == "accepted" || c.stage == "declined" {
		n++
	}
	return n
}

func frontDoorSteps() int {
	n := 0
	for _, c := range frontDoorCases {
		n += c.extraAudits()
	}
	return n
}
