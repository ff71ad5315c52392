-- Signed checkpoints of the audit chain (see internal/auditlog). The line
-- is the signed text and the authority; n, seq and hash repeat it for
-- lookups. Like the events, checkpoints are never edited or deleted.
CREATE TABLE audit_checkpoints (
	n INTEGER PRIMARY KEY,
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL,
	line TEXT NOT NULL
);
-- +statement
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
-- +statement
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
