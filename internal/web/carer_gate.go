package web

import (
	"context"
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

type carerCtxKey struct{}

// carerGate lets a carer's request through only while the person's consent
// to share with them stands. It reads the consent on every request, so a
// withdrawal by the person or the team, or the end date passing, refuses
// the carer's very next request without waiting for the session to end.
// Signing out and the carer's own account pages stay open.
func (s *Server) carerGate(r *http.Request, u auth.User, policy auth.Policy) (*http.Request, error) {
	if u.Role != auth.Carer || policy.Name == anyoneSignedIn.Name {
		return r, nil
	}
	c, err := s.db.CarerOfUser(r.Context(), u.ID)
	if err != nil {
		return r, err
	}
	if !c.ConsentActive(s.db.Now()) {
		return r, problem.Errorf(problem.Forbidden, "%s", care.CarerAccessEnded)
	}
	ctx := context.WithValue(r.Context(), carerCtxKey{}, c)
	ctx = context.WithValue(ctx, actorKey, auth.Actor{User: u, Relationship: auth.RelCarer})
	return r.WithContext(ctx), nil
}

// gatedCarer is the carer record the gate checked for this request.
func gatedCarer(r *http.Request) (care.Carer, error) {
	c, ok := r.Context().Value(carerCtxKey{}).(care.Carer)
	if !ok {
		return c, problem.Errorf(problem.Forbidden, "This page is for carers and relatives signed in with their own account.")
	}
	return c, nil
}
