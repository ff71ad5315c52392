-- SMART on FHIR Backend Services: system clients registered by a system
-- administrator with their public key and scopes.
CREATE TABLE fhir_clients (
	id {{id}},
	client_id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	public_key TEXT NOT NULL,
	scopes TEXT NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL
);

-- Assertion ids seen, kept until the assertion expires, so that a
-- captured assertion cannot be replayed.
CREATE TABLE fhir_jtis (
	client_id TEXT NOT NULL,
	jti TEXT NOT NULL,
	expires_at {{ts}} NOT NULL,
	PRIMARY KEY (client_id, jti)
);

-- Access tokens are opaque and stored only as hashes.
CREATE TABLE fhir_tokens (
	token_hash TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	scopes TEXT NOT NULL,
	expires_at {{ts}} NOT NULL
);

-- Bulk export jobs, claimed in the database by one process.
CREATE TABLE fhir_export_jobs (
	id {{id}},
	client_id TEXT NOT NULL,
	request TEXT NOT NULL,
	types TEXT NOT NULL,
	since {{ts}},
	team_id {{bigint}} NOT NULL DEFAULT 0,
	status TEXT NOT NULL,
	progress TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	claimed_by TEXT NOT NULL DEFAULT '',
	transaction_time {{ts}},
	created_at {{ts}} NOT NULL,
	finished_at {{ts}}
);
CREATE INDEX fhir_export_jobs_status ON fhir_export_jobs (status, id);

CREATE TABLE fhir_export_files (
	job_id {{bigint}} NOT NULL,
	type TEXT NOT NULL,
	count {{bigint}} NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (job_id, type)
);
