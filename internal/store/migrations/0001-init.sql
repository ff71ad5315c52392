-- Throughline schema: directory, teams, people, users, sessions, referrals,
-- episodes, break-glass grants and the audit chain.
-- {{id}}, {{ts}} and {{bigint}} are replaced per dialect (migrate.go).

CREATE TABLE localities (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL
);

CREATE TABLE services (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	organization TEXT NOT NULL DEFAULT '',
	tier TEXT NOT NULL,
	localities TEXT NOT NULL DEFAULT '[]',
	min_age INTEGER,
	max_age INTEGER,
	self_referral BOOLEAN NOT NULL DEFAULT FALSE,
	eligibility TEXT NOT NULL DEFAULT '{}',
	offer TEXT NOT NULL DEFAULT '[]',
	typical_duration_weeks INTEGER NOT NULL DEFAULT 0,
	wait_weeks INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{ts}} NOT NULL
);

CREATE TABLE teams (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	service_id TEXT NOT NULL REFERENCES services(id),
	version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE people (
	id {{id}},
	nhs_number TEXT NOT NULL DEFAULT '',
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	preferred_name TEXT NOT NULL DEFAULT '',
	pronouns TEXT NOT NULL DEFAULT '',
	date_of_birth TEXT NOT NULL DEFAULT '',
	locality TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	communication_needs TEXT NOT NULL DEFAULT '',
	trauma_preferences TEXT NOT NULL DEFAULT '',
	ethnicity TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT '',
	sexuality TEXT NOT NULL DEFAULT '',
	search_name TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX people_nhs_number ON people (nhs_number) WHERE nhs_number <> '';
CREATE INDEX people_search_name ON people (search_name);

CREATE TABLE users (
	id {{id}},
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	role TEXT NOT NULL,
	profession TEXT NOT NULL DEFAULT '',
	organization TEXT NOT NULL DEFAULT '',
	person_id {{bigint}} REFERENCES people(id),
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	password_hash TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL
);

CREATE TABLE team_members (
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id {{bigint}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL,
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
	id {{id}},
	username TEXT NOT NULL,
	at {{ts}} NOT NULL,
	succeeded BOOLEAN NOT NULL,
	remote TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_attempts_username_at ON login_attempts (username, at);

CREATE TABLE referrals (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	service_id TEXT NOT NULL REFERENCES services(id),
	referrer_user_id {{bigint}} REFERENCES users(id),
	referrer_name TEXT NOT NULL DEFAULT '',
	referrer_org TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	received_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX referrals_person ON referrals (person_id);
CREATE INDEX referrals_referrer ON referrals (referrer_user_id);
CREATE INDEX referrals_service_status ON referrals (service_id, status);

CREATE TABLE referral_events (
	id {{id}},
	referral_id {{bigint}} NOT NULL REFERENCES referrals(id),
	at {{ts}} NOT NULL,
	status TEXT NOT NULL,
	user_id {{bigint}} REFERENCES users(id),
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

CREATE TABLE episodes (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	named_worker_id {{bigint}} NOT NULL REFERENCES users(id),
	pathway TEXT NOT NULL,
	modality TEXT NOT NULL DEFAULT '',
	intensity TEXT NOT NULL DEFAULT '',
	started_at {{ts}} NOT NULL,
	ended_at {{ts}},
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX episodes_person ON episodes (person_id);
CREATE INDEX episodes_team_open ON episodes (team_id, ended_at);
CREATE INDEX episodes_worker ON episodes (named_worker_id);

CREATE TABLE break_glass (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	reason TEXT NOT NULL,
	granted_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	reviewed_by {{bigint}} REFERENCES users(id),
	reviewed_at {{ts}},
	review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX break_glass_user_person ON break_glass (user_id, person_id, expires_at);

CREATE TABLE audit_events (
	seq {{bigint}} PRIMARY KEY,
	at {{ts}} NOT NULL,
	user_id {{bigint}} NOT NULL,
	username TEXT NOT NULL,
	role TEXT NOT NULL,
	action TEXT NOT NULL,
	person_id {{bigint}} NOT NULL,
	record TEXT NOT NULL,
	relationship TEXT NOT NULL,
	reason TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_events_person ON audit_events (person_id, seq);
CREATE INDEX audit_events_user ON audit_events (user_id, seq);

-- One row holding the chain's head; updating it serialises appends.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq {{bigint}} NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
