-- Outcome measures as answered: one row per completed questionnaire with
-- its answers and the score worked out when it was recorded (the engine in
-- internal/measures is the one place scores come from), and the schedule
-- rules that say when each measure is due, globally or per team/modality.

CREATE TABLE measure_responses (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	episode_id {{bigint}} REFERENCES episodes(id),
	measure_id TEXT NOT NULL,
	taken_at {{ts}} NOT NULL,
	answers TEXT NOT NULL,
	goal_ids TEXT NOT NULL DEFAULT '[]',
	total DOUBLE PRECISION NOT NULL,
	subscales TEXT NOT NULL DEFAULT '{}',
	severity TEXT NOT NULL DEFAULT '',
	is_case BOOLEAN NOT NULL DEFAULT FALSE,
	missing INTEGER NOT NULL DEFAULT 0,
	prorated BOOLEAN NOT NULL DEFAULT FALSE,
	risk_flag BOOLEAN NOT NULL DEFAULT FALSE,
	flags TEXT NOT NULL DEFAULT '[]',
	source TEXT NOT NULL CHECK (source IN ('staff', 'portal')),
	entered_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX measure_responses_person ON measure_responses (person_id, measure_id, taken_at);
CREATE INDEX measure_responses_episode ON measure_responses (episode_id) WHERE episode_id IS NOT NULL;

CREATE TABLE measure_schedule_rules (
	id {{id}},
	team_id {{bigint}} REFERENCES teams(id),
	modality TEXT NOT NULL DEFAULT '',
	measure_id TEXT NOT NULL,
	at_assessment BOOLEAN NOT NULL DEFAULT FALSE,
	every_sessions INTEGER NOT NULL DEFAULT 0 CHECK (every_sessions BETWEEN 0 AND 100),
	at_ending BOOLEAN NOT NULL DEFAULT FALSE,
	version INTEGER NOT NULL DEFAULT 1
);
