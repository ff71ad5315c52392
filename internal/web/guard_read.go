package web

import (
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// guardReadKey keeps, for one request to a page of a person's record, the
// guard's read that came with the session's (store.SessionRecordGuard).
type guardReadKey struct{}

// guardRead is that read, for the person it was made for.
type guardRead struct {
	personID int64
	userID   int64
	read     store.GuardRead
}

// readSession reads the session and its user and, when the route is a
// page of a person's record named by the request's {id}, the guard's read
// of that person for the session's user in the same round trip.
func (s *Server) readSession(r *http.Request, hash string, policy auth.Policy) (auth.Session, auth.User, *guardRead, error) {
	id, ok := recordPageID(r, policy)
	if !ok {
		sess, u, err := s.db.SessionUser(r.Context(), hash)
		return sess, u, nil, err
	}
	sess, u, g, err := s.db.SessionRecordGuard(r.Context(), hash, id, policy.Roles)
	if err != nil || g == nil {
		return sess, u, nil, err
	}
	return sess, u, &guardRead{personID: id, userID: u.ID, read: *g}, nil
}

// recordPageID is the person whose record the route is a page of, if it
// is one and its {id} names someone; the path is read only then, as
// reading it elsewhere would build an error for every other request.
func recordPageID(r *http.Request, policy auth.Policy) (int64, bool) {
	if policy.Public || !policy.PersonRecord {
		return 0, false
	}
	id, err := pathID(r)
	return id, err == nil
}

// recordGuard is what the guard decides access to person id's record
// from: the read that came with the session's when it is for this person
// and user, or a read of its own.
func (s *Server) recordGuard(r *http.Request, u auth.User, id int64) (care.Person, auth.Links, care.CrisisPlanState, error) {
	if g, ok := r.Context().Value(guardReadKey{}).(guardRead); ok && g.personID == id && g.userID == u.ID {
		return g.read.Person, g.read.Links, g.read.Crisis, nil
	}
	return s.db.RecordGuard(r.Context(), u, id)
}
