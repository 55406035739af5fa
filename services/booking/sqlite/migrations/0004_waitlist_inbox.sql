-- The waitlist: requests that found their units taken, waiting for the slot to free, served
-- oldest first (rowid breaks ties in insertion order). `draft` is the reservation the request
-- would have become (JSON), frozen when it joined.
CREATE TABLE waitlist_entries (
  id TEXT PRIMARY KEY,
  listing_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  -- 0 waiting, 1 offered, 2 accepted, 3 expired, 4 left
  state INTEGER NOT NULL,
  -- While offered (and after): the reservation made for the entry.
  reservation_id TEXT NOT NULL DEFAULT '',
  offer_expire_us INTEGER,
  draft TEXT NOT NULL,
  create_us INTEGER NOT NULL,
  update_us INTEGER NOT NULL
);
CREATE INDEX waitlist_by_listing ON waitlist_entries (listing_id, state, create_us);
CREATE INDEX waitlist_by_organization ON waitlist_entries (organization_id, create_us);
CREATE INDEX waitlist_by_reservation ON waitlist_entries (reservation_id)
  WHERE reservation_id <> '';

-- One row per notice per recipient organisation, written in the transaction of the change.
-- AUTOINCREMENT: a sequence is never reused, so a watcher can resume after the last it saw.
CREATE TABLE inbox_events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  type TEXT NOT NULL,
  reservation_id TEXT NOT NULL DEFAULT '',
  listing_id TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inbox_by_organization ON inbox_events (organization_id, sequence);
