-- Secret, revocable iCalendar feeds of a listing (managed by its owner) or of an
-- organisation's own reservations. Only the BLAKE2b hash of the secret in the URL is kept, so
-- a copy of the database does not hand out working feed URLs.
CREATE TABLE calendar_feeds (
  id TEXT PRIMARY KEY,
  listing_id TEXT NOT NULL DEFAULT '',
  organization_id TEXT NOT NULL DEFAULT '',
  manager_organization_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  create_us INTEGER NOT NULL,
  revoke_us INTEGER,
  CHECK ((listing_id = '') <> (organization_id = ''))
);
CREATE INDEX calendar_feeds_by_manager ON calendar_feeds (manager_organization_id, create_us, id);
