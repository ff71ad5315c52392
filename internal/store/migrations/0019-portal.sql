-- The person's portal (issue 13): what a person says about each version of
-- their care and crisis plans, and what they ask for. A request is a task
-- for a worker; the task's own done_at says when it was dealt with.

CREATE TABLE plan_comments (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	plan TEXT NOT NULL CHECK (plan IN ('care-plan', 'crisis-plan')),
	plan_id {{bigint}} NOT NULL,
	plan_version INTEGER NOT NULL,
	agreement TEXT NOT NULL DEFAULT '' CHECK (agreement IN ('', 'agree', 'partly', 'not-yet')),
	body TEXT NOT NULL DEFAULT '',
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	read_at {{ts}},
	read_by {{bigint}} REFERENCES users(id)
);
CREATE INDEX plan_comments_person ON plan_comments (person_id, created_at);
-- The team's home page looks for unread comments only.
CREATE INDEX plan_comments_unread ON plan_comments (person_id) WHERE read_at IS NULL;

CREATE TABLE portal_requests (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('rearrange', 'cancel', 'worker', 'goal', 'change')),
	appointment_id {{bigint}} REFERENCES appointments(id),
	body TEXT NOT NULL DEFAULT '',
	task_id {{bigint}} NOT NULL REFERENCES tasks(id),
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX portal_requests_person ON portal_requests (person_id, created_at);
CREATE INDEX portal_requests_appointment ON portal_requests (appointment_id) WHERE appointment_id IS NOT NULL;
