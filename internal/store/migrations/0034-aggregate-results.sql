-- Stored aggregates (Scale: aggregates that scale). A report that would
-- read every referral, episode and appointment of the region on each
-- request is computed in the background instead, by one process at a time,
-- and read from here by every process. One row is one report for one set
-- of parameters (params is their canonical text, e.g. the period and the
-- teams). figures are the raw figures before disclosure control, encoded
-- by the web layer (gob, as base64 text):
-- the page applies internal/disclosure every time it renders them, so a
-- change to the rules applies at once and no suppressed number is stored
-- as if it were raw.
--
-- computed_at is the moment the figures describe (the data was read
-- then); source says what they were computed from. wanted_at is when the
-- set was first asked for, read_at when a page last showed it (a set
-- nobody reads stops being refreshed), refresh_at when someone last asked
-- for a refresh now. A process claims a row by a conditional UPDATE of
-- claimed_by and claimed_until (a lease, so a process that dies leaves
-- it to another once the lease runs out); failure keeps the last error.
CREATE TABLE aggregate_results (
	report TEXT NOT NULL,
	params TEXT NOT NULL,
	figures TEXT,
	computed_at {{ts}},
	took_ms {{bigint}} NOT NULL DEFAULT 0,
	source TEXT NOT NULL DEFAULT '',
	wanted_at {{ts}} NOT NULL,
	read_at {{ts}} NOT NULL,
	refresh_at {{ts}},
	claimed_by TEXT NOT NULL DEFAULT '',
	claimed_until {{ts}},
	failure TEXT NOT NULL DEFAULT '',
	failed_at {{ts}},
	PRIMARY KEY (report, params)
);
