-- The principles page finds each missed appointment's first outreach by
-- its follow-up task; without this every follow-up scanned every
-- outreach attempt in the region, which grew with its square.
CREATE INDEX IF NOT EXISTS outreach_attempts_task ON outreach_attempts (task_id, at) WHERE task_id IS NOT NULL;
