package web

import (
	"net/http"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type searchData struct {
	Query    string
	Results  []care.Person
	Total    int
	Pager    pager
	Searched bool
}

func (s *Server) handlePeopleSearch(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.URL.Query())
	q := f.Text("q")
	d := searchData{Query: q}
	if len([]rune(q)) > 100 {
		f.Add("q", "Search for at most 100 characters")
		s.render(w, r, http.StatusUnprocessableEntity, "people", view{Title: "Find a person", D: d, Errors: errorsFrom(f.Err())})
		return nil
	}
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	if q != "" {
		d.Searched = true
		found, err := s.db.SearchPeoplePage(r.Context(), actor(r), q, page)
		if err != nil {
			return err
		}
		if d.Pager, err = newPager(r, "page", found); err != nil {
			return err
		}
		d.Results, d.Total = found.Rows, found.Total
	}
	s.render(w, r, http.StatusOK, "people", view{Title: "Find a person", D: d})
	return nil
}

type personData struct {
	Person       care.Person
	Relationship auth.Relationship
	Referrals    []store.ReferralRow // summaries: what the referral table shows
	Episodes     []store.EpisodeRow
	Events       []auth.Event
	// Continuity is shown to staff with a care relationship, not referrers.
	Continuity *care.Continuity
	GapDays    int
}

func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actor(r)
	ctx := r.Context()
	p, err := s.viewPerson(r, id)
	if err != nil {
		return err
	}
	d := personData{Person: p, Relationship: a.Relationship}
	q := store.PersonSummaryQuery{PersonID: id,
		Episodes:   a.Relationship != auth.RelReferrer,
		Continuity: a.Relationship != auth.RelReferrer && a.Relationship != auth.RelSelf}
	if a.Relationship == auth.RelReferrer {
		q.ReferrerID = a.User.ID // a referrer sees only the referrals they made
	}
	// One round trip on PostgreSQL for the three reads (pg32).
	sum, err := s.db.PersonSummary(ctx, q)
	if err != nil {
		return err
	}
	d.Referrals, d.Episodes = sum.Referrals, sum.Episodes
	if sum.Continuity != nil {
		d.Continuity, d.GapDays = sum.Continuity, care.ContactGapDays
	}
	s.render(w, r, http.StatusOK, "person", view{Title: p.DisplayName(), D: d})
	return nil
}

type breakGlassData struct {
	PersonID int64
	Next     string
	Minutes  int
}

func (s *Server) handleBreakGlassForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.guardedPerson(r, id); err != nil {
		return err
	}
	d := breakGlassData{PersonID: id, Next: form.Read(r.URL.Query()).Text("next"), Minutes: int(s.cfg.BreakGlassFor.Minutes())}
	s.render(w, r, http.StatusOK, "break_glass", view{Title: "Emergency access to a record", D: d})
	return nil
}

func (s *Server) handleBreakGlass(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	reason := f.Text("reason")
	d := breakGlassData{PersonID: id, Next: f.Text("next"), Minutes: int(s.cfg.BreakGlassFor.Minutes())}
	err = s.db.GrantBreakGlass(r.Context(), *currentUser(r), id, reason, s.cfg.BreakGlassFor)
	if problem.Code(err) == problem.Invalid && len(problem.Fields(err)) == 0 {
		// Every refusal of the grant is about the reason: show it there.
		f.Add("reason", problem.Message(err))
		err = f.Err()
	}
	switch problem.Code(err) {
	case "":
	case problem.Invalid:
		s.render(w, r, http.StatusUnprocessableEntity, "break_glass", view{Title: "Emergency access to a record", D: d,
			Errors: errorsFrom(err), Form: f.Values()})
		return nil
	default:
		return err
	}
	s.setFlash(w, "Emergency access recorded. Your reason will be reviewed.")
	record := personURL(id)
	next := safeNext(d.Next)
	if !strings.HasPrefix(next, record) {
		next = record
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
