package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// accessLogData is "who has seen my record", worded for whoever reads it.
type accessLogData struct {
	Person   care.Person
	ForSelf  bool // the person reading about their own record
	Rows     []accessRow
	AnyGlass bool
	// Emergency explains break-glass access once, above the list.
	Emergency string
}

// accessRow is one audited access: who, in words, and what they did.
type accessRow struct {
	At    time.Time
	Who   string // their name, or "You"
	Role  string // what they do, in words
	Teams string // their teams, "" if none
	Plain auditlog.Plain
	Event auth.Event // the codes, for staff
}

// handlePersonAccessLog is "who has seen my record": every audited access
// to the person, for the person themselves and for staff caring for them.
func (s *Server) handlePersonAccessLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actor(r)
	ctx := r.Context()
	p, err := s.guardedPerson(r, id)
	if err != nil {
		return err
	}
	events, err := s.db.AuditEvents(ctx, store.AuditFilter{PersonID: id, Limit: 200})
	if err != nil {
		return err
	}
	d := accessLogData{Person: p, ForSelf: a.Relationship == auth.RelSelf, Emergency: auditlog.EmergencyExplained}
	if d.Rows, err = s.accessRows(ctx, a.User, events, d.ForSelf); err != nil {
		return err
	}
	for _, row := range d.Rows {
		d.AnyGlass = d.AnyGlass || row.Plain.Emergency
	}
	if err := s.db.Audit(ctx, a, auth.ActionView, id, "access-log"); err != nil {
		return err
	}
	title := "Who has seen this record"
	if d.ForSelf {
		title = "Who has looked at your record"
	}
	s.render(w, r, http.StatusOK, "access_log", view{Title: title, D: d})
	return nil
}

// accessRows words events, naming each member of staff with their role
// and teams as they are now.
func (s *Server) accessRows(ctx context.Context, reader auth.User, events []auth.Event, forSelf bool) ([]accessRow, error) {
	teams, err := s.db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	teamName := map[int64]string{}
	for _, t := range teams {
		teamName[t.ID] = t.Name
	}
	users := map[int64]auth.User{auth.System.User.ID: {Username: "system", DisplayName: "Throughline", Role: auth.SystemAdmin}}
	rows := make([]accessRow, 0, len(events))
	for _, e := range events {
		u, ok := users[e.UserID]
		if !ok {
			u, err = s.db.UserByID(ctx, e.UserID)
			if problem.Code(err) == problem.NotFound {
				// An account since removed is still named as it was.
				u, err = auth.User{ID: e.UserID, Username: e.Username, DisplayName: e.Username, Role: e.Role}, nil
			}
			if err != nil {
				return nil, err
			}
			users[e.UserID] = u
		}
		row := accessRow{At: e.At, Who: u.DisplayName, Role: auditlog.RoleInWords(u), Event: e}
		var names []string
		for _, id := range u.TeamIDs {
			if n, ok := teamName[id]; ok {
				names = append(names, n)
			}
		}
		row.Teams = strings.Join(names, ", ")
		if forSelf {
			row.Plain = auditlog.ForPerson(e)
			if e.UserID == reader.ID {
				row.Who, row.Role, row.Teams = "You", "", ""
			}
		} else {
			row.Plain = auditlog.ForStaff(e)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
