-- The audit trail: one row per change, written in the change's own transaction. details is a
-- JSON object of the changed fields, never secrets or hashes. Rows are never changed or
-- removed, which the triggers enforce.
CREATE TABLE audit_events (
  id                TEXT PRIMARY KEY,
  time_us           INTEGER NOT NULL,
  actor_person_id   TEXT NOT NULL DEFAULT '',
  actor_api_key_id  TEXT NOT NULL DEFAULT '',
  organization_id   TEXT NOT NULL DEFAULT '',
  action            TEXT NOT NULL,
  resource_id       TEXT NOT NULL DEFAULT '',
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  CHECK ((actor_person_id = '') <> (actor_api_key_id = ''))
);
CREATE INDEX audit_events_by_time ON audit_events (time_us, id);
CREATE INDEX audit_events_by_organization ON audit_events (organization_id, time_us, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
