-- The audit trail, as sqlite/migrations/0006_audit_events.sql: one row per change, written in
-- the change's own transaction. details is a JSON object of the changed fields, never secrets
-- or hashes, kept as the exact text written (TEXT, not jsonb, which would reformat it). Rows
-- are never changed or removed, which the triggers enforce.

-- SQLite's json_valid() as a function a CHECK can use: PostgreSQL 15 has no IS JSON, and a
-- bare ::jsonb cast in the CHECK would fail with a syntax error instead of a check violation.
CREATE FUNCTION leerpool_json_valid(value TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  PERFORM value::jsonb;
  RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN false;
END;
$$;

CREATE TABLE audit_events (
  id                TEXT COLLATE "C" PRIMARY KEY,
  time_us           BIGINT NOT NULL,
  actor_person_id   TEXT NOT NULL DEFAULT '',
  actor_api_key_id  TEXT NOT NULL DEFAULT '',
  organization_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
  action            TEXT NOT NULL,
  resource_id       TEXT NOT NULL DEFAULT '',
  details           TEXT NOT NULL DEFAULT '{}' CHECK (leerpool_json_valid(details)),
  CHECK ((actor_person_id = '') <> (actor_api_key_id = ''))
);
CREATE INDEX audit_events_by_time ON audit_events (time_us, id);
CREATE INDEX audit_events_by_organization ON audit_events (organization_id, time_us, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
-- TRUNCATE fires no row triggers; refuse it too.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
