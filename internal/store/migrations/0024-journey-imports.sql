-- Referral journeys recorded by services that do not use Throughline
-- (gapmap2, issue 15), loaded from CSV files a batch at a time so that a
-- batch can be listed and removed whole. People are pseudonymous keys,
-- never names or NHS numbers, and only person_seq, the order in which a
-- batch's distinct keys first appear, is kept: journeys need to know which
-- referrals are one person's, not who the key named. Dates are days since
-- 1970-01-01 (0: not recorded), which a million rows write fastest.
CREATE TABLE IF NOT EXISTS journey_import_batches (
	id {{id}},
	source TEXT NOT NULL,
	filename TEXT NOT NULL,
	imported_at {{ts}} NOT NULL,
	imported_by TEXT NOT NULL,
	referrals INTEGER NOT NULL,
	people INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS imported_referrals (
	batch_id {{bigint}} NOT NULL REFERENCES journey_import_batches (id),
	person_seq INTEGER NOT NULL,
	service_id TEXT NOT NULL,
	referred_on INTEGER NOT NULL,
	decision TEXT NOT NULL,
	decided_on INTEGER NOT NULL,
	treatment_started_on INTEGER NOT NULL,
	profile TEXT NOT NULL,
	locality TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS imported_referrals_batch ON imported_referrals (batch_id, person_seq);

-- A service's purpose rules (who it exists for: a housing service's
-- housing rule, a youth service's ages) as against its thresholds: a JSON
-- list of the dimensions that are purpose. Only thresholds are suggested
-- for relaxing.
ALTER TABLE services ADD COLUMN purpose TEXT NOT NULL DEFAULT '[]';
