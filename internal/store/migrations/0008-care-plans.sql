-- Ongoing care: the history of each episode (steps up and down, modality
-- and team changes, new named workers with their handover notes), the
-- co-produced care plan (one current plan per episode, with every saved
-- version kept), liaison with other agencies, the crisis plan (one per
-- person, versioned), medication (Community Team) and the carers and
-- relatives a person chooses to involve. Goals stay in the goals table.

CREATE TABLE episode_events (
	id {{id}},
	episode_id {{bigint}} NOT NULL REFERENCES episodes(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	at {{ts}} NOT NULL,
	user_id {{bigint}} REFERENCES users(id),
	kind TEXT NOT NULL,
	from_value TEXT NOT NULL DEFAULT '',
	to_value TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL,
	handover_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX episode_events_episode ON episode_events (episode_id, at);

CREATE TABLE care_plans (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	episode_id {{bigint}} NOT NULL UNIQUE REFERENCES episodes(id),
	review_on TEXT NOT NULL,
	agreement TEXT NOT NULL CHECK (agreement IN ('agreed', 'agreed-with-changes', 'not-yet')),
	person_comments TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{ts}} NOT NULL,
	updated_by {{bigint}} REFERENCES users(id)
);
CREATE INDEX care_plans_person ON care_plans (person_id);

-- One need per life domain per plan; actions are rewritten with the plan.
CREATE TABLE care_plan_needs (
	plan_id {{bigint}} NOT NULL REFERENCES care_plans(id),
	domain TEXT NOT NULL,
	description TEXT NOT NULL,
	PRIMARY KEY (plan_id, domain)
);

CREATE TABLE care_plan_actions (
	id {{id}},
	plan_id {{bigint}} NOT NULL REFERENCES care_plans(id),
	domain TEXT NOT NULL,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	owner_kind TEXT NOT NULL CHECK (owner_kind IN ('staff', 'person', 'agency')),
	owner_user_id {{bigint}} REFERENCES users(id),
	agency TEXT NOT NULL DEFAULT ''
);
CREATE INDEX care_plan_actions_plan ON care_plan_actions (plan_id, domain, position);

-- Every saved version as JSON, so earlier plans can be seen and compared.
CREATE TABLE care_plan_versions (
	plan_id {{bigint}} NOT NULL REFERENCES care_plans(id),
	version INTEGER NOT NULL,
	saved_at {{ts}} NOT NULL,
	saved_by {{bigint}} REFERENCES users(id),
	snapshot TEXT NOT NULL,
	PRIMARY KEY (plan_id, version)
);

CREATE TABLE liaison (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	plan_id {{bigint}} NOT NULL REFERENCES care_plans(id),
	on_date TEXT NOT NULL,
	agency TEXT NOT NULL,
	contact TEXT NOT NULL DEFAULT '',
	discussed TEXT NOT NULL,
	domain TEXT NOT NULL,
	recorded_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX liaison_plan ON liaison (plan_id, on_date);

CREATE TABLE crisis_plans (
	id {{id}},
	person_id {{bigint}} NOT NULL UNIQUE REFERENCES people(id),
	warning_signs TEXT NOT NULL,
	i_can_do TEXT NOT NULL DEFAULT '',
	others_can_do TEXT NOT NULL DEFAULT '',
	helps TEXT NOT NULL DEFAULT '',
	does_not_help TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{ts}} NOT NULL,
	updated_by {{bigint}} REFERENCES users(id)
);

CREATE TABLE crisis_contacts (
	plan_id {{bigint}} NOT NULL REFERENCES crisis_plans(id),
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL,
	hours TEXT NOT NULL,
	PRIMARY KEY (plan_id, position)
);

CREATE TABLE crisis_shares (
	plan_id {{bigint}} NOT NULL REFERENCES crisis_plans(id),
	position INTEGER NOT NULL,
	recipient TEXT NOT NULL,
	consented BOOLEAN NOT NULL,
	consent_on TEXT NOT NULL,
	PRIMARY KEY (plan_id, position)
);

CREATE TABLE crisis_plan_versions (
	plan_id {{bigint}} NOT NULL REFERENCES crisis_plans(id),
	version INTEGER NOT NULL,
	saved_at {{ts}} NOT NULL,
	saved_by {{bigint}} REFERENCES users(id),
	snapshot TEXT NOT NULL,
	PRIMARY KEY (plan_id, version)
);

CREATE TABLE medications (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	episode_id {{bigint}} NOT NULL REFERENCES episodes(id),
	name TEXT NOT NULL,
	dose TEXT NOT NULL,
	frequency TEXT NOT NULL,
	prescriber TEXT NOT NULL,
	started_on TEXT NOT NULL,
	stopped_on TEXT NOT NULL DEFAULT '',
	stop_reason TEXT NOT NULL DEFAULT '',
	review_on TEXT NOT NULL,
	created_by {{bigint}} REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX medications_person ON medications (person_id);

CREATE TABLE carers (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	name TEXT NOT NULL,
	relationship TEXT NOT NULL,
	contact TEXT NOT NULL DEFAULT '',
	share_appointments BOOLEAN NOT NULL DEFAULT FALSE,
	share_care_plan BOOLEAN NOT NULL DEFAULT FALSE,
	share_crisis_plan BOOLEAN NOT NULL DEFAULT FALSE,
	share_medication BOOLEAN NOT NULL DEFAULT FALSE,
	consent_on TEXT NOT NULL,
	until_on TEXT NOT NULL DEFAULT '',
	withdrawn_at {{ts}},
	withdrawn_by {{bigint}} REFERENCES users(id),
	withdraw_reason TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX carers_person ON carers (person_id);
