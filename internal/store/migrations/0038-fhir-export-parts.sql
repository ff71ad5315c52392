-- A bulk export's files are kept a part at a time (fhir_export_parts),
-- written while the export runs, rather than as one value per type built
-- in memory and stored at the end: a whole region's export is well over a
-- gigabyte, more than a serving process may hold and more than SQLite
-- keeps in one value. A file is its parts in order; fhir_export_files says
-- how many there are, so that a file missing one is never served short.
--
-- A job is claimed for one attempt at a time (attempts counts them) and
-- its worker marks heartbeat_at as it goes: a job whose worker died is
-- claimed again once the heartbeat is old, its parts removed, and the old
-- worker, if it was only slow, can write nothing more to it.
CREATE TABLE fhir_export_parts (
	job_id {{bigint}} NOT NULL,
	type TEXT NOT NULL,
	part INTEGER NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (job_id, type, part)
);
INSERT INTO fhir_export_parts (job_id, type, part, body) SELECT job_id, type, 0, body FROM fhir_export_files;
ALTER TABLE fhir_export_files ADD COLUMN parts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE fhir_export_files DROP COLUMN body;
ALTER TABLE fhir_export_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fhir_export_jobs ADD COLUMN heartbeat_at {{ts}};
