-- Shared by assessment (referral to plan) and ongoing care: appointments with
-- one or more staff, the follow-up tasks a missed appointment creates, and
-- goals in the person's own words with their 0–10 ratings over time (care
-- plans and Goal Based Outcomes both read them).

CREATE TABLE appointments (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	referral_id {{bigint}} REFERENCES referrals(id),
	episode_id {{bigint}} REFERENCES episodes(id),
	kind TEXT NOT NULL,
	starts_at {{ts}} NOT NULL,
	minutes INTEGER NOT NULL DEFAULT 60,
	location TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'attended', 'did-not-attend', 'cancelled-by-person', 'cancelled-by-service')),
	outcome_note TEXT NOT NULL DEFAULT '',
	outcome_at {{ts}},
	outcome_by {{bigint}} REFERENCES users(id),
	created_by {{bigint}} REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX appointments_person ON appointments (person_id, starts_at);
CREATE INDEX appointments_referral ON appointments (referral_id) WHERE referral_id IS NOT NULL;
CREATE INDEX appointments_episode ON appointments (episode_id) WHERE episode_id IS NOT NULL;
CREATE INDEX appointments_starts ON appointments (starts_at);

CREATE TABLE appointment_staff (
	appointment_id {{bigint}} NOT NULL REFERENCES appointments(id),
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	PRIMARY KEY (appointment_id, user_id)
);
CREATE INDEX appointment_staff_user ON appointment_staff (user_id);

-- Tasks never discharge anyone: a missed appointment creates one for the
-- named worker, due in two working days, and it stays open until done.
CREATE TABLE tasks (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	assignee_id {{bigint}} NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	due_on TEXT NOT NULL,
	appointment_id {{bigint}} REFERENCES appointments(id),
	created_at {{ts}} NOT NULL,
	done_at {{ts}},
	done_by {{bigint}} REFERENCES users(id),
	done_note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_assignee_open ON tasks (assignee_id, done_at, due_on);
CREATE INDEX tasks_person ON tasks (person_id);
CREATE UNIQUE INDEX tasks_one_per_appointment ON tasks (appointment_id, kind) WHERE appointment_id IS NOT NULL;

CREATE TABLE goals (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	episode_id {{bigint}} REFERENCES episodes(id),
	text TEXT NOT NULL,
	own_words BOOLEAN NOT NULL DEFAULT TRUE,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'set-aside')),
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goals_person ON goals (person_id);

CREATE TABLE goal_ratings (
	id {{id}},
	goal_id {{bigint}} NOT NULL REFERENCES goals(id),
	at {{ts}} NOT NULL,
	rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
	source TEXT NOT NULL DEFAULT 'care-plan',
	recorded_by {{bigint}} REFERENCES users(id),
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX goal_ratings_goal ON goal_ratings (goal_id, at);
