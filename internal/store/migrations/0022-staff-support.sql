-- Staff support (issue 14): supervision sessions, whose notes belong to
-- the parties; the frequency a team expects per role; the training
-- catalogue with each member of staff's requests and completions;
-- caseload limits; the warnings shown at allocation; and consultations
-- other services ask of the specialist teams.

CREATE TABLE supervision_sessions (
	id {{id}},
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	supervisor_id {{bigint}} NOT NULL REFERENCES users(id),
	type TEXT NOT NULL CHECK (type IN ('clinical', 'managerial', 'caseload', 'group')),
	held_on TEXT NOT NULL,
	minutes INTEGER NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX supervision_sessions_team ON supervision_sessions (team_id, held_on);
CREATE INDEX supervision_sessions_supervisor ON supervision_sessions (supervisor_id);

CREATE TABLE supervision_supervisees (
	session_id {{bigint}} NOT NULL REFERENCES supervision_sessions(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (session_id, user_id)
);
CREATE INDEX supervision_supervisees_user ON supervision_supervisees (user_id);

-- People discussed: a link only; opening their record still needs a
-- relationship with them.
CREATE TABLE supervision_people (
	session_id {{bigint}} NOT NULL REFERENCES supervision_sessions(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	PRIMARY KEY (session_id, person_id)
);

CREATE TABLE supervision_expectations (
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	role TEXT NOT NULL,
	type TEXT NOT NULL,
	frequency TEXT NOT NULL,
	set_by {{bigint}} REFERENCES users(id),
	set_at {{ts}} NOT NULL,
	PRIMARY KEY (team_id, role, type)
);

CREATE TABLE training_courses (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	provider TEXT NOT NULL,
	lived_experience TEXT NOT NULL CHECK (lived_experience IN ('none', 'co-produced', 'co-delivered', 'both')),
	renewal_months INTEGER NOT NULL DEFAULT 0,
	modality TEXT NOT NULL DEFAULT '',
	retired BOOLEAN NOT NULL DEFAULT FALSE,
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);

CREATE TABLE training_records (
	id {{id}},
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	course_id {{bigint}} NOT NULL REFERENCES training_courses(id),
	status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined', 'completed')),
	completed_on TEXT NOT NULL DEFAULT '',
	requested_at {{ts}} NOT NULL,
	decided_by {{bigint}} REFERENCES users(id),
	decided_at {{ts}}
);
CREATE INDEX training_records_user ON training_records (user_id, course_id);

-- Caseload limits, set by managers: points at full time and the share of
-- full time worked (pro-rata).
CREATE TABLE staff_capacity (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id),
	full_time INTEGER NOT NULL,
	time_percent INTEGER NOT NULL,
	set_by {{bigint}} REFERENCES users(id),
	set_at {{ts}} NOT NULL
);

-- Warnings shown when work is allocated (no training in the modality, a
-- caseload near or over its limit) and what the team decided. Nothing is
-- blocked; the flag and its reason are kept.
CREATE TABLE allocation_flags (
	id {{id}},
	episode_id {{bigint}} REFERENCES episodes(id),
	group_id {{bigint}} REFERENCES care_groups(id),
	worker_id {{bigint}} NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('training', 'capacity')),
	reason TEXT NOT NULL,
	decision TEXT NOT NULL,
	recorded_by {{bigint}} REFERENCES users(id),
	recorded_at {{ts}} NOT NULL
);
CREATE INDEX allocation_flags_worker ON allocation_flags (worker_id);

-- Consultation to other services: a question from staff in another
-- service about someone they work with (described, not linked to a
-- record) and the specialist team's advice.
CREATE TABLE consultations (
	id {{id}},
	from_service_id TEXT NOT NULL REFERENCES services(id),
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	asked_by {{bigint}} NOT NULL REFERENCES users(id),
	about TEXT NOT NULL,
	identified BOOLEAN NOT NULL DEFAULT FALSE,
	question TEXT NOT NULL,
	asked_at {{ts}} NOT NULL,
	advice TEXT NOT NULL DEFAULT '',
	advised_by {{bigint}} REFERENCES users(id),
	advised_at {{ts}}
);
CREATE INDEX consultations_team ON consultations (team_id, asked_at);
CREATE INDEX consultations_from ON consultations (from_service_id, asked_at);

-- The catalogue every service starts from (issue 14); managers add more.
INSERT INTO training_courses (name, provider, lived_experience, renewal_months, modality, created_at) VALUES
	('Knowledge and Understanding Framework: awareness level', 'KUF partnership (NHS England)', 'both', 36, '', CURRENT_TIMESTAMP),
	('Knowledge and Understanding Framework: BA or MSc level', 'KUF partnership (NHS England)', 'both', 0, '', CURRENT_TIMESTAMP),
	('Trauma-informed care', 'Trust learning and development', 'co-delivered', 36, '', CURRENT_TIMESTAMP),
	('Structured Clinical Management', 'SCM training network', 'none', 0, 'SCM', CURRENT_TIMESTAMP),
	('Mentalization-Based Treatment (MBT) basic', 'Anna Freud', 'none', 0, 'MBT', CURRENT_TIMESTAMP),
	('Dynamic Interpersonal Therapy (DIT)', 'Anna Freud', 'none', 0, 'DIT', CURRENT_TIMESTAMP),
	('Dialectical Behaviour Therapy (DBT) intensive', 'British Isles DBT Training', 'none', 0, 'DBT', CURRENT_TIMESTAMP),
	('Safeguarding adults level 3', 'Trust safeguarding team', 'none', 36, '', CURRENT_TIMESTAMP);
