package web

import "throughline/internal/auth"

// Feedback: anyone may leave it without signing in (spam is kept out
// quietly, without a CAPTCHA), a service user from their portal; team
// managers review their teams' feedback and publish "you said, we did".
var feedbackReviewers = auth.Policy{Name: "feedback-review", Roles: []auth.Role{auth.TeamManager}}

func (s *Server) feedbackRoutes() []route {
	return []route{
		{"GET /feedback", public, s.handleFeedbackForm},
		{"POST /feedback", public, s.handleFeedbackSend},
		{"GET /feedback/you-said-we-did", public, s.handleYouSaidWeDid},
		{"GET /people/{id}/feedback", personSelf, s.handlePortalFeedbackForm},
		{"POST /people/{id}/feedback", personSelf, s.handlePortalFeedbackSend},

		{"GET /feedback/review", feedbackReviewers, s.handleFeedbackReview},
		{"POST /feedback/review/{fid}", feedbackReviewers, s.handleFeedbackReviewSave},
		{"POST /feedback/you-said-we-did", feedbackReviewers, s.handleYouSaidWeDidPublish},
	}
}
