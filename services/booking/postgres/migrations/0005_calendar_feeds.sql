-- Secret, revocable iCalendar feeds of a listing (managed by its owner) or of an
-- organisation's own reservations. Only the hash of the secret in the URL is kept.
CREATE TABLE calendar_feeds (
  id TEXT COLLATE "C" PRIMARY KEY,
  listing_id TEXT NOT NULL DEFAULT '',
  organization_id TEXT NOT NULL DEFAULT '',
  manager_organization_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  create_us BIGINT NOT NULL,
  revoke_us BIGINT,
  CHECK ((listing_id = '') <> (organization_id = ''))
);
CREATE INDEX calendar_feeds_by_manager ON calendar_feeds (manager_organization_id, create_us, id);
