-- Signed checkpoints of the audit chain (see internal/auditlog). The line
-- is the signed text and the authority; n, seq and hash repeat it for
-- lookups. Like the events, checkpoints are never edited or deleted.
CREATE TABLE audit_checkpoints (
	n BIGINT PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL,
	line TEXT NOT NULL
);
-- +statement
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit checkpoints are append-only';
END;
$$;
-- +statement
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
