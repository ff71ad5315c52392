package web

import "throughline/internal/auth"

// Staff support: supervision, training and their team views. Supervision
// notes are the parties' own: the store withholds them from everyone
// else, so a team manager and an auditor see only that a session took
// place; commissioners see counts on the principles page and nothing here.
var (
	supervisionReaders  = auth.Policy{Name: "supervision", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.Auditor)}
	consultationReaders = auth.Policy{Name: "consultation", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.Referrer)}
)

func (s *Server) staffRoutes() []route {
	return []route{
		{"GET /supervision", supervisionReaders, s.handleSupervision},
		{"POST /supervision", careStaff, s.handleSupervisionRecord},
		{"GET /supervision/{id}", supervisionReaders, s.handleSupervisionSession},
		{"POST /supervision/{id}/people", careStaff, s.handleSupervisionPeople},
		{"POST /supervision/expected", teamManagers, s.handleSupervisionExpected},

		{"GET /training", careStaff, s.handleTraining},
		{"POST /training/completed", careStaff, s.handleTrainingCompleted},
		{"POST /training/request", careStaff, s.handleTrainingRequest},
		{"POST /training/requests/{id}", teamManagers, s.handleTrainingDecision},
		{"POST /training/courses", teamManagers, s.handleTrainingCourse},
		{"GET /training/matrix", teamManagers, s.handleTrainingMatrix},

		{"GET /consultations", consultationReaders, s.handleConsultations},
		{"POST /consultations", consultationAskers, s.handleConsultationAsk},
		{"POST /consultations/{id}/advice", careStaff, s.handleConsultationAdvice},

		{"GET /capacity", teamManagers, s.handleCapacity},
		{"POST /capacity", teamManagers, s.handleCapacitySet},
	}
}
