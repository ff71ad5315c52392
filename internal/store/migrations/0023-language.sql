-- The language guide's lexicon (issue 14). It is data a team manager keeps:
-- entries are added, reworded and retired, never deleted, and every
-- version is kept with who made it and when. Forms (variants, exceptions,
-- alternatives) are one per line. The seed set is written on first use
-- from internal/language, so its sources stay cited in one place.
CREATE TABLE language_entries (
	id {{id}},
	term TEXT NOT NULL,
	variants TEXT NOT NULL DEFAULT '',
	excepts TEXT NOT NULL DEFAULT '',
	why TEXT NOT NULL,
	alternatives TEXT NOT NULL,
	source TEXT NOT NULL,
	retired BOOLEAN NOT NULL DEFAULT FALSE,
	version INTEGER NOT NULL DEFAULT 1,
	updated_by TEXT NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX language_entries_term ON language_entries (LOWER(term));

CREATE TABLE language_entry_versions (
	entry_id {{bigint}} NOT NULL REFERENCES language_entries(id),
	version INTEGER NOT NULL,
	term TEXT NOT NULL,
	variants TEXT NOT NULL,
	excepts TEXT NOT NULL,
	why TEXT NOT NULL,
	alternatives TEXT NOT NULL,
	source TEXT NOT NULL,
	retired BOOLEAN NOT NULL,
	changed_by TEXT NOT NULL,
	changed_at {{ts}} NOT NULL,
	PRIMARY KEY (entry_id, version)
);

-- Language over time reads a team's new text month by month; these keep
-- that read to the months asked for instead of the whole table.
CREATE INDEX goals_created ON goals (created_at);
CREATE INDEX appointments_created ON appointments (created_at);
