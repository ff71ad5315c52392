package web

// Stored aggregates: asking for a report's figures to be refreshed now.
// Each refresh has the policy of the page it refreshes, and only queues
// the work: the background worker computes it.
func (s *Server) storedAggregateRoutes() []route {
	return []route{
		{"POST /reports/principles/refresh", aggregateOnly, s.handlePrinciplesRefresh},
		{"POST /gaps/journeys/refresh", gapMapReaders, s.handleJourneysRefresh},
		{"POST /reports/overview/refresh", aggregateOnly, s.handleOverviewRefresh},
		{"POST /measures/outcomes/refresh", measuresOutcome, s.handleOutcomesRefresh},
		{"POST /gaps/over-time/refresh", gapMapReaders, s.handleGapOverTimeRefresh},
	}
}
