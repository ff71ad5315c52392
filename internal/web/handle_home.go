package web

import (
	"net/http"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// homeData holds what any role's home page may show; each role fills its part.
type homeData struct {
	Role auth.Role
	// Caseload is the first homeCaseloadRows of the worker's active
	// caseload, most recent first; CaseloadTotal is how many it holds.
	Caseload      []store.EpisodeRow
	CaseloadTotal int
	Caseloads     []store.CaseloadCount
	Referrals     []store.ReferralRow // summaries: what the referral table shows
	Person        *care.Person
	// CrisisPlan: the service user has a crisis plan, so there is one to
	// print.
	CrisisPlan bool
	Episodes   []store.EpisodeRow
	Overview   *overviewData
	Users      int
	Events     []auth.Event
	Unreviewed int

	// A worker's day: today's appointments, open tasks, measures due.
	Today     []store.AppointmentRow
	OpenTasks int
	Overdue   int
	// Attention lists, by name, the tasks that must not go unseen: a risk
	// answer to check in about, and anything overdue; the first
	// homeAttentionRows of them, and AttentionMore says how many others.
	Attention     []store.TaskRow
	AttentionMore int
	MeasuresDue   int
	NoContact     int // people on the caseload not in contact for over care.ContactGapDays
	// The person's own upcoming appointments, on their portal home.
	Upcoming []store.AppointmentRow
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	ctx := r.Context()
	d := homeData{Role: u.Role}
	var err error
	switch u.Role {
	case auth.Clinician, auth.PeerWorker:
		d.Referrals, err = s.db.ReferralSummaries(ctx, store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: 10})
		if err == nil {
			err = s.workerDay(r, &d)
		}
		if err == nil {
			err = s.workerCaseload(r, &d)
		}
	case auth.TeamManager:
		d.Caseloads, err = s.db.Caseloads(ctx, teamIDs(u))
		if err == nil {
			d.Referrals, err = s.db.ReferralSummaries(ctx, store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: 10})
		}
		if err == nil {
			d.Unreviewed, err = s.db.UnreviewedBreakGlass(ctx)
		}
	case auth.Admin:
		d.Referrals, err = s.db.ReferralSummaries(ctx, store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: 25})
	case auth.Referrer:
		d.Referrals, err = s.db.ReferralSummaries(ctx, store.ReferralFilter{ReferrerID: u.ID, Limit: 25})
	case auth.ServiceUser:
		// The service user's own record, read under the "self" relationship,
		// with whether they have a crisis plan, in one statement.
		var p care.Person
		var crisis care.CrisisPlanState
		p, _, crisis, err = s.db.RecordGuard(ctx, *u, u.PersonID)
		if err == nil {
			err = s.db.Audit(ctx, auth.Actor{User: *u, Relationship: auth.RelSelf}, auth.ActionView, p.ID, "person")
		}
		if err == nil {
			d.Person, d.CrisisPlan = &p, crisis.Exists
			d.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: p.ID})
		}
		if err == nil {
			d.Referrals, err = s.db.ReferralSummaries(ctx, store.ReferralFilter{PersonID: p.ID})
		}
		if err == nil {
			d.Upcoming, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: p.ID, From: s.db.Now(), Limit: 10})
		}
	case auth.Commissioner:
		d.Overview, err = s.overview(r)
	case auth.SystemAdmin:
		// A count: the accounts themselves (2,700 at scale 75) are listed,
		// a page at a time, on /admin/users.
		d.Users, err = s.db.UserTotal(ctx)
	case auth.Auditor:
		d.Events, err = s.db.AuditEvents(ctx, store.AuditFilter{Limit: 10})
		if err == nil {
			d.Unreviewed, err = s.db.UnreviewedBreakGlass(ctx)
		}
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", view{Title: "Home", D: d})
	return nil
}

// workerDay fills a worker's day: appointments today, their open tasks
// (overdue ones counted) and how many measures are due.
func (s *Server) workerDay(r *http.Request, d *homeData) error {
	ctx, u, now := r.Context(), currentUser(r), s.db.Now()
	// Today is the UK day, so an appointment at 00:30 BST is today's.
	midnight := uktime.StartOfDay(now)
	var err error
	if d.Today, err = s.db.Appointments(ctx, store.AppointmentFilter{StaffID: u.ID, From: midnight, To: nextUKDay(midnight)}); err != nil {
		return err
	}
	tasks, err := s.db.OpenTaskSummary(ctx, u.ID, now, measures.TaskRiskCheck, homeAttentionRows)
	if err != nil {
		return err
	}
	d.OpenTasks, d.Overdue, d.Attention = tasks.Open, tasks.Overdue, tasks.AttentionRows
	d.AttentionMore = tasks.Attention - len(tasks.AttentionRows)
	due, err := s.db.MeasuresDue(ctx, store.DueFilter{WorkerID: u.ID})
	if err != nil {
		return err
	}
	d.MeasuresDue = len(due)
	return nil
}

// The home page names at most this many of a worker's caseload and of the
// tasks needing attention, and links to the full lists for the rest, so it
// costs the same however much a worker holds.
const (
	homeCaseloadRows  = store.PageSize
	homeAttentionRows = 20
)

// workerCaseload fills the first of a worker's active caseload, its total
// and how many on it have had no contact. Continuity is counted over the
// whole caseload: a caseload that fits the page gives its people from the
// rows shown; a longer one is read again as person ids only, one
// statement more however long it is.
func (s *Server) workerCaseload(r *http.Request, d *homeData) error {
	ctx, u := r.Context(), currentUser(r)
	mine := store.EpisodeFilter{WorkerID: u.ID, ActiveOnly: true, Limit: homeCaseloadRows}
	var err error
	if d.Caseload, err = s.db.Episodes(ctx, mine); err != nil {
		return err
	}
	ids := make([]int64, 0, len(d.Caseload))
	for _, e := range d.Caseload {
		ids = append(ids, e.PersonID)
	}
	if len(d.Caseload) == homeCaseloadRows {
		mine.Limit = 0
		if ids, err = s.db.EpisodePeople(ctx, mine); err != nil {
			return err
		}
	}
	d.CaseloadTotal = len(ids)
	cont, err := s.db.ContinuityOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, c := range cont {
		if c.Flag {
			d.NoContact++
		}
	}
	return nil
}

// nextUKDay is the UK midnight after the UK midnight midnight: 23, 24 or 25
// hours later, as the clocks change.
func nextUKDay(midnight time.Time) time.Time {
	return uktime.In(midnight).AddDate(0, 0, 1).UTC()
}

// teamIDs returns the user's teams, never nil, so filters stay restrictive
// for a user in no team.
func teamIDs(u *auth.User) []int64 {
	if u.TeamIDs == nil {
		return []int64{}
	}
	return u.TeamIDs
}
