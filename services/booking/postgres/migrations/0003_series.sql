-- Recurring series. A series keeps its rule and the request it was made from; its
-- reservations are ordinary reservations (with series_id and occurrence_index in their
-- details). Instants are UTC microseconds since the epoch.

CREATE TABLE series (
  id TEXT PRIMARY KEY,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  created_by_person_id TEXT NOT NULL,
  mode INTEGER NOT NULL,
  -- The weekly recurrence, the reservation template and the conflicts recorded at creation,
  -- each one JSON value: nothing filters on them.
  recurrence TEXT NOT NULL,
  template TEXT NOT NULL,
  conflicts TEXT NOT NULL,
  create_us BIGINT NOT NULL,
  update_us BIGINT NOT NULL
);
CREATE INDEX series_by_borrower ON series (organization_id, create_us);

-- The current reservation of each occurrence; the keys make "one reservation per occurrence"
-- a property of the store.
CREATE TABLE series_occurrences (
  series_id TEXT NOT NULL REFERENCES series (id),
  occurrence_index INTEGER NOT NULL CHECK (occurrence_index >= 0),
  reservation_id TEXT NOT NULL UNIQUE REFERENCES reservations (id),
  PRIMARY KEY (series_id, occurrence_index)
);
