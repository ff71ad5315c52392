-- Journey analysis gives each referral its profile from one row per
-- distinct profile listing its referrals' ids (store/journeys.go). Without
-- this index SQLite grouped a million referrals' profiles by sorting them,
-- spilling the sort to temporary files: over half the analysis's load.
-- Read in index order the groups come already formed, with the ids (the
-- rowid) in the index, so the table is not read at all. PostgreSQL groups
-- by hashing and needs no index.
CREATE INDEX IF NOT EXISTS referrals_profile ON referrals (profile);
