-- Assessment, formulation and team discussion (MDT): the steps from a
-- referral waiting for assessment to a decision with the person's team.

-- Preferences shown before an assessment is booked live in
-- person_preferences (0006), shared with intake.

-- One assessment record per referral, versioned.
CREATE TABLE assessments (
	id {{id}},
	referral_id {{bigint}} NOT NULL UNIQUE REFERENCES referrals(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	functioning TEXT NOT NULL DEFAULT '',
	coping TEXT NOT NULL DEFAULT '',
	strengths TEXT NOT NULL DEFAULT '',
	risk_narrative TEXT NOT NULL DEFAULT '',
	risk_level TEXT NOT NULL CHECK (risk_level IN ('low', 'moderate', 'high', 'very-high')),
	social_needs TEXT NOT NULL DEFAULT '',
	social_note TEXT NOT NULL DEFAULT '',
	dependent_children TEXT NOT NULL DEFAULT 'unknown' CHECK (dependent_children IN ('yes', 'no', 'unknown')),
	safeguarding_note TEXT NOT NULL DEFAULT '',
	trauma TEXT NOT NULL DEFAULT 'not-asked-yet' CHECK (trauma IN ('discussed', 'chose-not-to-talk', 'not-asked-yet')),
	trauma_note TEXT NOT NULL DEFAULT '',
	goals TEXT NOT NULL DEFAULT '',
	updated_by {{bigint}} REFERENCES users(id),
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessments_person ON assessments (person_id);

-- A formulation per referral; every saved version is kept, the newest is
-- the one with the highest version.
CREATE TABLE formulations (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	referral_id {{bigint}} NOT NULL UNIQUE REFERENCES referrals(id),
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX formulations_person ON formulations (person_id);

CREATE TABLE formulation_versions (
	formulation_id {{bigint}} NOT NULL REFERENCES formulations(id),
	version INTEGER NOT NULL,
	happened TEXT NOT NULL DEFAULT '',
	strengths TEXT NOT NULL DEFAULT '',
	difficulties TEXT NOT NULL DEFAULT '',
	patterns TEXT NOT NULL DEFAULT '',
	needs TEXT NOT NULL DEFAULT '',
	helps TEXT NOT NULL DEFAULT '',
	saved_by {{bigint}} REFERENCES users(id),
	saved_at {{ts}} NOT NULL,
	PRIMARY KEY (formulation_id, version)
);

CREATE TABLE formulation_comments (
	id {{id}},
	formulation_id {{bigint}} NOT NULL REFERENCES formulations(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	text TEXT NOT NULL,
	on_behalf BOOLEAN NOT NULL DEFAULT FALSE,
	author_id {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX formulation_comments_formulation ON formulation_comments (formulation_id, created_at);

CREATE TABLE mdt_meetings (
	id {{id}},
	service_id TEXT NOT NULL REFERENCES services(id),
	meets_at {{ts}} NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mdt_meetings_service ON mdt_meetings (service_id, meets_at);

CREATE TABLE mdt_attendees (
	meeting_id {{bigint}} NOT NULL REFERENCES mdt_meetings(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (meeting_id, user_id)
);

-- A case on a meeting's agenda and, once made, the team's decision.
CREATE TABLE mdt_cases (
	id {{id}},
	meeting_id {{bigint}} NOT NULL REFERENCES mdt_meetings(id),
	referral_id {{bigint}} NOT NULL REFERENCES referrals(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	added_by {{bigint}} REFERENCES users(id),
	added_at {{ts}} NOT NULL,
	decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'community-team', 'therapies-team', 'signpost', 'assessment-sufficient', 'further-assessment')),
	modality TEXT NOT NULL DEFAULT '',
	rationale TEXT NOT NULL DEFAULT '',
	signpost_service_id TEXT REFERENCES services(id),
	named_worker_id {{bigint}} REFERENCES users(id),
	onward_note TEXT NOT NULL DEFAULT '',
	episode_id {{bigint}} REFERENCES episodes(id),
	decided_by {{bigint}} REFERENCES users(id),
	decided_at {{ts}},
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (meeting_id, referral_id)
);
CREATE INDEX mdt_cases_referral ON mdt_cases (referral_id);
CREATE INDEX mdt_cases_person ON mdt_cases (person_id);
-- A referral has at most one case waiting for a decision.
CREATE UNIQUE INDEX mdt_cases_one_open ON mdt_cases (referral_id) WHERE decision = '';
