-- Appointment reminders by text and email (issue 13): how each person wants
-- to hear from us, and a durable outbox of messages about appointments.

-- The current contact preferences, one row per person; every version,
-- this one included, is kept in contact_prefs_history.
CREATE TABLE contact_prefs (
	person_id {{bigint}} PRIMARY KEY REFERENCES people(id),
	mobile TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	text_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
	email_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
	contact_times TEXT NOT NULL DEFAULT 'any' CHECK (contact_times IN ('any', 'weekday-daytime', 'evenings')),
	version INTEGER NOT NULL DEFAULT 1,
	changed_by {{bigint}} REFERENCES users(id),
	changed_at {{ts}} NOT NULL
);
CREATE INDEX contact_prefs_opted_in ON contact_prefs (person_id) WHERE text_opt_in OR email_opt_in;

CREATE TABLE contact_prefs_history (
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	version INTEGER NOT NULL,
	mobile TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	text_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
	email_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
	contact_times TEXT NOT NULL,
	changed_by {{bigint}} REFERENCES users(id),
	changed_at {{ts}} NOT NULL,
	PRIMARY KEY (person_id, version)
);

-- One row per message. The unique key stops a reminder being queued twice:
-- occasion is the appointment's start time for reminders and "moved"
-- notices (a moved appointment gets its own), '' for the rest.
-- status: queued -> sending (claimed by one process) -> sent; or retry
-- (due again at due_at), failed (permanent, or too many tries) or
-- cancelled (no longer wanted: opted out, appointment moved or started).
CREATE TABLE outbox_messages (
	id {{id}},
	appointment_id {{bigint}} NOT NULL REFERENCES appointments(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('reminder-2d', 'reminder-2h', 'booked', 'moved', 'cancelled')),
	channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
	occasion TEXT NOT NULL DEFAULT '',
	starts_at {{ts}} NOT NULL,
	reference TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'retry', 'failed', 'cancelled')),
	attempts INTEGER NOT NULL DEFAULT 0,
	due_at {{ts}} NOT NULL,
	recipient TEXT NOT NULL DEFAULT '',
	claimed_by TEXT NOT NULL DEFAULT '',
	claimed_at {{ts}},
	sent_at {{ts}},
	transport TEXT NOT NULL DEFAULT '',
	notify_id TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (appointment_id, kind, channel, occasion)
);
CREATE INDEX outbox_messages_due ON outbox_messages (status, due_at);
CREATE INDEX outbox_messages_created ON outbox_messages (created_at);
