package web

import (
	"throughline/internal/auth"
)

// Reminders (issue 13): a person's contact preferences, read and changed
// by the person in the portal and by staff on the record; the outbox of
// texts and emails, for the system administrator and team managers.
var (
	contactPrefsReaders = auth.Policy{Name: "contact-prefs-read", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.ServiceUser), PersonRecord: true}
	contactPrefsWriters = auth.Policy{Name: "contact-prefs-write", Roles: []auth.Role{auth.Clinician, auth.PeerWorker, auth.TeamManager, auth.Admin, auth.ServiceUser}, PersonRecord: true}
	messageReaders      = auth.Policy{Name: "messages", Roles: []auth.Role{auth.SystemAdmin, auth.TeamManager}}
)

func (s *Server) messagesRoutes() []route {
	return []route{
		{"GET /people/{id}/contact-preferences", contactPrefsReaders, s.handleContactPrefs},
		{"POST /people/{id}/contact-preferences", contactPrefsWriters, s.handleContactPrefsSave},
		{"GET /admin/messages", messageReaders, s.handleMessages},
	}
}
