-- Sign-in throttling counts failures per address as well as per username,
-- and old attempts are pruned by time: index both lookups.

CREATE INDEX login_attempts_remote_at ON login_attempts (remote, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
