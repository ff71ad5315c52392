-- Reflective practice and team formulation (issue 14, deliverable 2).
-- A reflective-practice group records who came, never what was said about
-- anyone: the group record holds no notes. A team formulation is the
-- team's shared understanding of what is happening between a person and
-- services, versioned like a formulation, and shared with the person only
-- when the team chooses to.

CREATE TABLE reflective_groups (
	id {{id}},
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	name TEXT NOT NULL,
	facilitator_id {{bigint}} NOT NULL REFERENCES users(id),
	frequency TEXT NOT NULL,
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	UNIQUE (team_id, name)
);

CREATE TABLE reflective_sessions (
	id {{id}},
	group_id {{bigint}} NOT NULL REFERENCES reflective_groups(id),
	held_on TEXT NOT NULL,
	facilitator_id {{bigint}} NOT NULL REFERENCES users(id),
	recorded_by {{bigint}} REFERENCES users(id),
	recorded_at {{ts}} NOT NULL,
	UNIQUE (group_id, held_on)
);
CREATE INDEX reflective_sessions_held ON reflective_sessions (held_on);

CREATE TABLE reflective_attendance (
	session_id {{bigint}} NOT NULL REFERENCES reflective_sessions(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (session_id, user_id)
);
CREATE INDEX reflective_attendance_user ON reflective_attendance (user_id);

CREATE TABLE team_formulations (
	id {{id}},
	person_id {{bigint}} NOT NULL UNIQUE REFERENCES people(id),
	version INTEGER NOT NULL
);

CREATE TABLE team_formulation_versions (
	formulation_id {{bigint}} NOT NULL REFERENCES team_formulations(id),
	version INTEGER NOT NULL,
	happening TEXT NOT NULL,
	patterns TEXT NOT NULL,
	helps TEXT NOT NULL,
	will_try TEXT NOT NULL,
	present TEXT NOT NULL,
	agreed_on TEXT NOT NULL,
	shared BOOLEAN NOT NULL DEFAULT FALSE,
	saved_by {{bigint}} REFERENCES users(id),
	saved_at {{ts}} NOT NULL,
	PRIMARY KEY (formulation_id, version)
);
