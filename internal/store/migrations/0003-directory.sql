-- The full directory record and the history of every change to a service,
-- since thresholds change and people need to know who changed what, when.
ALTER TABLE services ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN referral_routes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE services ADD COLUMN capacity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN contact TEXT NOT NULL DEFAULT '{}';
ALTER TABLE services ADD COLUMN good_practice TEXT NOT NULL DEFAULT '[]';
ALTER TABLE services ADD COLUMN barriers TEXT NOT NULL DEFAULT '[]';

CREATE TABLE service_changes (
	id {{id}},
	service_id TEXT NOT NULL REFERENCES services(id),
	at {{ts}} NOT NULL,
	user_id {{bigint}} NOT NULL,
	username TEXT NOT NULL,
	action TEXT NOT NULL,
	summary TEXT NOT NULL,
	before TEXT NOT NULL DEFAULT '',
	after TEXT NOT NULL
);
CREATE INDEX service_changes_service ON service_changes (service_id, at);
