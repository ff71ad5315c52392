-- Account lifecycle and two-factor sign-in (issue 11, Trust 9).
-- A reset leaves a temporary password that only lets its holder choose a
-- new one; the list of accounts shows when each last signed in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN last_sign_in_at {{ts}};

-- One TOTP secret per account. It is written when enrolment starts and
-- switched on (enabled_at) only once the person has typed a code from it.
-- last_step is the newest time step used, so a code cannot be replayed.
CREATE TABLE user_totp (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	enabled_at {{ts}},
	last_step {{bigint}} NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL
);

-- Single-use recovery codes, kept only as hashes.
CREATE TABLE recovery_codes (
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at {{ts}},
	PRIMARY KEY (user_id, code_hash)
);

-- A sign-in whose password was right but whose second step is still to
-- come. It is not a session: only the second-step routes accept it.
CREATE TABLE pending_sign_ins (
	token_hash TEXT PRIMARY KEY,
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	next TEXT NOT NULL DEFAULT '',
	failures INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL
);
CREATE INDEX pending_sign_ins_user ON pending_sign_ins (user_id);

-- Settings the system administrator changes (e.g. two-factor required).
CREATE TABLE account_settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_by {{bigint}} REFERENCES users(id),
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
