-- Ongoing care: group programmes (DBT skills, MBT groups) whose members'
-- attendance is kept as appointments of kind group, so a missed group
-- session is followed up like any other; outreach attempts; endings with
-- their plans and MDT decisions; re-access links between episodes; and
-- settings team managers can change (the re-access window).

CREATE TABLE care_groups (
	id {{id}},
	name TEXT NOT NULL,
	modality TEXT NOT NULL,
	team_id {{bigint}} NOT NULL REFERENCES teams(id),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_groups_team ON care_groups (team_id);

CREATE TABLE care_group_facilitators (
	group_id {{bigint}} NOT NULL REFERENCES care_groups(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (group_id, user_id)
);

CREATE TABLE care_group_members (
	group_id {{bigint}} NOT NULL REFERENCES care_groups(id),
	episode_id {{bigint}} NOT NULL REFERENCES episodes(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	joined_at {{ts}} NOT NULL,
	PRIMARY KEY (group_id, episode_id)
);
CREATE INDEX care_group_members_person ON care_group_members (person_id);

CREATE TABLE care_group_sessions (
	id {{id}},
	group_id {{bigint}} NOT NULL REFERENCES care_groups(id),
	starts_at {{ts}} NOT NULL,
	minutes INTEGER NOT NULL,
	location TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX care_group_sessions_group ON care_group_sessions (group_id, starts_at);

-- One appointment per member per session: its outcome is the attendance.
CREATE TABLE care_group_attendance (
	session_id {{bigint}} NOT NULL REFERENCES care_group_sessions(id),
	appointment_id {{bigint}} NOT NULL UNIQUE REFERENCES appointments(id),
	episode_id {{bigint}} NOT NULL REFERENCES episodes(id),
	PRIMARY KEY (session_id, episode_id)
);

CREATE TABLE outreach_attempts (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	episode_id {{bigint}} REFERENCES episodes(id),
	task_id {{bigint}} REFERENCES tasks(id),
	at {{ts}} NOT NULL,
	method TEXT NOT NULL CHECK (method IN ('phone', 'text', 'letter', 'visit', 'via-carer', 'via-other-agency')),
	outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'no-answer', 'message-left')),
	note TEXT NOT NULL DEFAULT '',
	recorded_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX outreach_attempts_person ON outreach_attempts (person_id, at);

-- An episode ends once; episodes.ended_at is set in the same transaction.
CREATE TABLE episode_endings (
	id {{id}},
	episode_id {{bigint}} NOT NULL UNIQUE REFERENCES episodes(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('planned', 'unplanned')),
	reason TEXT NOT NULL DEFAULT '',
	ended_on TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	further_support TEXT NOT NULL DEFAULT '',
	directory_service_id TEXT REFERENCES services(id),
	how_to_come_back TEXT NOT NULL DEFAULT '',
	keep_from_work TEXT NOT NULL DEFAULT '',
	copy_to_person BOOLEAN NOT NULL DEFAULT FALSE,
	mdt_on TEXT NOT NULL DEFAULT '',
	mdt_present TEXT NOT NULL DEFAULT '',
	mdt_rationale TEXT NOT NULL DEFAULT '',
	recorded_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX episode_endings_person ON episode_endings (person_id);

-- Coming back without a new referral links the new episode to the old one.
CREATE TABLE episode_reaccess (
	new_episode_id {{bigint}} PRIMARY KEY REFERENCES episodes(id),
	previous_episode_id {{bigint}} NOT NULL UNIQUE REFERENCES episodes(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	note TEXT NOT NULL DEFAULT '',
	recorded_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);

CREATE TABLE care_settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_by {{bigint}} REFERENCES users(id),
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
