-- When a goal was marked achieved, set aside or reopened, and by whom; and
-- a record of every change to the measure schedule rules (who, what, when),
-- kept when a rule is removed.

ALTER TABLE goals ADD COLUMN status_changed_at {{ts}};
ALTER TABLE goals ADD COLUMN status_changed_by {{bigint}} REFERENCES users(id);

CREATE TABLE measure_schedule_changes (
	id {{id}},
	rule_id {{bigint}} NOT NULL,
	team_id {{bigint}} REFERENCES teams(id),
	modality TEXT NOT NULL DEFAULT '',
	measure_id TEXT NOT NULL,
	change TEXT NOT NULL,
	changed_by {{bigint}} REFERENCES users(id),
	changed_at {{ts}} NOT NULL
);
CREATE INDEX measure_schedule_changes_at ON measure_schedule_changes (changed_at);
