-- Audit events are appended here with no shared lock (the identity orders
-- them) and sealed into the chain (audit_events, audit_head) in batches by
-- one sealer at a time, under an advisory lock (audit_seal.go). The sealer
-- deletes each row in the same transaction that writes it into the chain,
-- so a row is always in exactly one of the two tables. Rows are never
-- edited.
CREATE TABLE audit_pending (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at TIMESTAMPTZ NOT NULL,
	user_id BIGINT NOT NULL,
	username TEXT NOT NULL,
	role TEXT NOT NULL,
	action TEXT NOT NULL,
	person_id BIGINT NOT NULL,
	record TEXT NOT NULL,
	relationship TEXT NOT NULL,
	reason TEXT NOT NULL
);
-- +statement
CREATE FUNCTION audit_pending_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit events are append-only';
END;
$$;
-- +statement
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
FOR EACH ROW EXECUTE FUNCTION audit_pending_no_update();
