package store

// JourneyProfilesSQL is the query journey analysis reads profiles with.
func JourneyProfilesSQL(db *DB) string { return db.journeyProfilesQuery() }
