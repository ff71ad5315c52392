package directory

// Team is a team that works within a directory service, such as the CEN
// service's Community Team; episodes of care and caseloads belong to teams.
type Team struct {
	ID        int64
	Name      string
	ServiceID string
}
