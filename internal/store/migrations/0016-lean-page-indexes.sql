-- Indexes for the queries the busiest pages run (issue 12, lean pages),
-- chosen from EXPLAIN QUERY PLAN of each page on the demo region.

-- The principles page counts each episode's active goals, and those in
-- the person's own words, per episode: without this every episode
-- scanned the whole goals table. The three columns make both counts
-- read the index alone.
CREATE INDEX goals_episode_status ON goals (episode_id, status, own_words);

-- A worker's open caseload (home page, measures due, contact gaps) is
-- episodes by named worker still open; the old index had the worker only,
-- so every ended episode of a long-serving worker was read and dropped.
CREATE INDEX episodes_worker_open ON episodes (named_worker_id, ended_at);
DROP INDEX episodes_worker;
