-- Unmet need (refercheck, issue 15): situations described on "Before you
-- refer" that no non-crisis service would accept. Only the profile's
-- dimension values and the month are kept, as a count: never free text,
-- never an address or anything about who asked.
CREATE TABLE IF NOT EXISTS unmet_need (
	month TEXT NOT NULL,
	profile TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (month, profile)
);

-- One row per asker per UK day, so that a script cannot inflate the count.
-- asker is a keyed hash made by the web server, not an address; rows from
-- earlier days are deleted as new ones are written.
CREATE TABLE IF NOT EXISTS unmet_need_askers (
	day TEXT NOT NULL,
	asker TEXT NOT NULL,
	PRIMARY KEY (day, asker)
);
