-- The waitlist: requests that found their units taken, waiting for the slot to free, served
-- oldest first (`seq`, SQLite's rowid, breaks ties in insertion order). `draft` is the
-- reservation the request would have become (JSON), frozen when it joined.
CREATE TABLE waitlist_entries (
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  id TEXT PRIMARY KEY,
  listing_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  -- 0 waiting, 1 offered, 2 accepted, 3 expired, 4 left
  state INTEGER NOT NULL,
  reservation_id TEXT NOT NULL DEFAULT '',
  offer_expire_us BIGINT,
  draft TEXT NOT NULL,
  create_us BIGINT NOT NULL,
  update_us BIGINT NOT NULL
);
CREATE INDEX waitlist_by_listing ON waitlist_entries (listing_id, state, create_us);
CREATE INDEX waitlist_by_organization ON waitlist_entries (organization_id, create_us);
CREATE INDEX waitlist_by_reservation ON waitlist_entries (reservation_id)
  WHERE reservation_id <> '';

-- One row per notice per recipient organisation, written in the transaction of the change.
-- A watcher resumes after the last sequence it saw, so sequences must become visible in
-- increasing order: a PostgreSQL sequence alone would let a transaction holding a lower
-- number commit after one holding a higher. The store therefore numbers notices while
-- holding a transaction-scoped advisory lock (kept until COMMIT), so the next transaction
-- takes its number only once the previous one is visible.
CREATE SEQUENCE inbox_events_sequence;
CREATE TABLE inbox_events (
  sequence BIGINT PRIMARY KEY DEFAULT nextval('inbox_events_sequence'),
  id TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL,
  time_us BIGINT NOT NULL,
  type TEXT NOT NULL,
  reservation_id TEXT NOT NULL DEFAULT '',
  listing_id TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT ''
);
ALTER SEQUENCE inbox_events_sequence OWNED BY inbox_events.sequence;
CREATE INDEX inbox_by_organization ON inbox_events (organization_id, sequence);
