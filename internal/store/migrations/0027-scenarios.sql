-- Saved scenarios (gap map 2, issue 15): proposed changes to services'
-- rules, drafted by a commissioner or team manager and shared by a stable
-- URL. changes is the scenario JSON the engine reads; based_on is a JSON
-- object of the changed services' versions when the scenario was last
-- edited, so the page can say when the directory has moved on. A scenario
-- made live records when and by whom; the rule changes themselves go
-- through the directory's own history and audit.
CREATE TABLE IF NOT EXISTS scenarios (
	id {{id}},
	title TEXT NOT NULL,
	author_id {{bigint}} NOT NULL,
	author TEXT NOT NULL,
	changes TEXT NOT NULL,
	based_on TEXT NOT NULL DEFAULT '{}',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	live_at {{ts}},
	live_by TEXT NOT NULL DEFAULT ''
);
