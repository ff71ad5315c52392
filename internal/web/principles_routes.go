package web

// Principles in practice is aggregate only: team managers see their own
// CEN teams, commissioners the whole CEN specialist service; counts from 1
// to 4 are suppressed and nothing links to anyone's record.
func (s *Server) principlesRoutes() []route {
	return []route{
		{"GET /reports/principles", aggregateOnly, s.handlePrinciples},
		{"GET /reports/principles.csv", aggregateOnly, s.handlePrinciplesCSV},
	}
}
