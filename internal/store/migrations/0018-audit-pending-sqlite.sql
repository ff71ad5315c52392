-- Audit events are appended here with no shared lock and sealed into the
-- chain (audit_events, audit_head) in batches by one sealer at a time
-- (audit_seal.go). The rowid orders them; the sealer deletes each row in
-- the same transaction that writes it into the chain, so a row is always
-- in exactly one of the two tables. Rows are never edited.
CREATE TABLE audit_pending (
	id INTEGER PRIMARY KEY,
	at TIMESTAMP NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	role TEXT NOT NULL,
	action TEXT NOT NULL,
	person_id INTEGER NOT NULL,
	record TEXT NOT NULL,
	relationship TEXT NOT NULL,
	reason TEXT NOT NULL
);
-- +statement
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
BEGIN
	SELECT RAISE(ABORT, 'audit events are append-only');
END;
