-- On SQLite the audit events of reads are committed to a journal file of
-- their own beside the database (audit_journal.go), so that the commit
-- each read waits for does not change the database file and make every
-- reader connection drop its page cache. The sealer seals them into the
-- chain. This database's token binds the journal to it: a journal left by
-- another database is set aside, never sealed in.
CREATE TABLE database_identity (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	token TEXT NOT NULL
);
INSERT INTO database_identity (id, token) VALUES (1, lower(hex(randomblob(16))));
-- moved is the newest journal id sealed into the chain, committed in the
-- transaction that sealed it, so no journal event is sealed twice.
CREATE TABLE audit_journal_moved (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	moved INTEGER NOT NULL
);
INSERT INTO audit_journal_moved (id, moved) VALUES (1, 0);
