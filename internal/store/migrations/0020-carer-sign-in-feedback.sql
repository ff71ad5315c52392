-- Carers' own sign-in, linked to the carer record that holds the person's
-- consent (so withdrawing consent ends the sign-in's access at once), the
-- concerns carers raise with the team, and feedback from the public and
-- the portal with its "you said, we did" answers.

CREATE TABLE carer_accounts (
	user_id {{bigint}} PRIMARY KEY REFERENCES users(id),
	carer_id {{bigint}} NOT NULL UNIQUE REFERENCES carers(id),
	created_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);

CREATE TABLE carer_concerns (
	id {{id}},
	carer_id {{bigint}} NOT NULL REFERENCES carers(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	text TEXT NOT NULL,
	task_id {{bigint}} REFERENCES tasks(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX carer_concerns_person ON carer_concerns (person_id, created_at);

CREATE TABLE feedback (
	id {{id}},
	team_id {{bigint}} REFERENCES teams(id),
	service_id TEXT NOT NULL DEFAULT '',
	answer TEXT NOT NULL,
	text TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	wants_contact BOOLEAN NOT NULL DEFAULT FALSE,
	from_portal BOOLEAN NOT NULL DEFAULT FALSE,
	address_hash TEXT NOT NULL DEFAULT '',
	-- why a submission was kept out (honeypot, too fast, rate, links,
	-- length); empty for real feedback. Kept so the filter can be checked.
	spam TEXT NOT NULL DEFAULT '',
	hidden BOOLEAN NOT NULL DEFAULT FALSE,
	theme TEXT NOT NULL DEFAULT '',
	reply TEXT NOT NULL DEFAULT '',
	replied_at {{ts}},
	created_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX feedback_address ON feedback (address_hash, created_at);
CREATE INDEX feedback_team ON feedback (team_id, created_at);

CREATE TABLE feedback_actions (
	id {{id}},
	team_id {{bigint}} REFERENCES teams(id),
	you_said TEXT NOT NULL,
	we_did TEXT NOT NULL,
	published_at {{ts}} NOT NULL,
	created_by {{bigint}} REFERENCES users(id)
);

-- The key that signs the feedback form's timestamp, made once and shared by
-- every serve process so a form drawn by one may be sent to another.
CREATE TABLE feedback_keys (
	id INTEGER PRIMARY KEY,
	secret TEXT NOT NULL
);
