package store

import "context"

// The batch API: writing many records in one transaction.
//
// Every DB method owns its transaction, and the web layer calls DB methods
// only: a request never opens a transaction of its own. Loaders that write
// thousands of records (the demo region in internal/demo, and importers)
// would spend most of their time committing if each record were its own
// transaction, so they use DB.Update instead and call these Tx methods:
//
//	Directory and staff: CreateLocality, CreateService, CreateTeam, CreateUser
//	People and referrals: CreatePerson, CreateReferral, AddReferralEvent(s), MoveReferral
//	Episodes: CreateEpisode, AddEpisodeEvent, EndEpisode, Reaccess
//	Care: SaveCarePlan, SaveCrisisPlan, AddLiaison, AddCarer, AddMedication, CreateGoal, RecordMeasure
//	Contact: CreateAppointment, RecordOutcome, RecordOutreach, CompleteFollowUp
//	Groups: CreateGroup, AddGroupMember, AddGroupSession, GroupPlacesBefore, AttendedBefore
//
// Where a DB method has the same name, the Tx method is the same validated,
// audited write and the DB method simply runs it in its own transaction.
// The others set up what a loader writes directly, records with dates of
// their own, which people create on the web through other DB actions
// (intake, screening, the directory editor, team decisions, AddGoal);
// GroupPlacesBefore and AttendedBefore read inside the batch. A Tx method
// is exported only when a loader needs it; anything else stays unexported
// behind a DB method. DB.Bulk (bulk.go) is Update for loads of millions
// of rows.

// Update runs fn in one write transaction, committing if it returns nil:
// the batch API's way in (see above). Everything else calls DB methods.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.write, false, fn)
}
