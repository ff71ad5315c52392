package store

// JourneyProfilesSQL is the query journey analysis reads profiles with.
func JourneyProfilesSQL(db *DB) string { return db.journeyProfilesQuery() }

// SetJourneyBatch makes journey analysis read n referral ids a query, until
// the returned function is called.
func SetJourneyBatch(n int64) (restore func()) {
	saved := journeyBatch
	journeyBatch = n
	return func() { journeyBatch = saved }
}
