package web

import (
	"slices"

	"throughline/internal/auth"
)

// The service directory holds no identifiable data. Everyone signed in reads
// it except service users and carers, who have their own portal pages; team managers and
// system admins keep it up to date.
var (
	directoryReaders = auth.Policy{Name: "directory-reader", Roles: slices.DeleteFunc(slices.Clone(auth.Roles), func(r auth.Role) bool { return r == auth.ServiceUser || r == auth.Carer })}
	directoryEditors = auth.Policy{Name: "directory-editor", Roles: []auth.Role{auth.TeamManager, auth.SystemAdmin}}
)

func (s *Server) directoryRoutes() []route {
	return []route{
		{"GET /directory", directoryReaders, s.handleDirectory},
		{"GET /directory/export.json", directoryReaders, s.handleDirectoryExport},
		{"GET /directory/new", directoryEditors, s.handleServiceNewForm},
		{"POST /directory/new", directoryEditors, s.handleServiceCreate},
		{"GET /directory/import", directoryEditors, s.handleDirectoryImportForm},
		{"POST /directory/import", directoryEditors, s.handleDirectoryImport},
		{"GET /directory/{id}", directoryReaders, s.handleService},
		{"GET /directory/{id}/edit", directoryEditors, s.handleServiceEditForm},
		{"POST /directory/{id}/edit", directoryEditors, s.handleServiceEdit},
	}
}
