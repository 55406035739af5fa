-- Reservations, the units they occupy, their history, idempotency keys, intakes and units out
-- of service. Instants are UTC microseconds since the epoch.

CREATE TABLE reservations (
  id TEXT PRIMARY KEY,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  responsible_person_id TEXT NOT NULL,
  created_by_person_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  status INTEGER NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL CHECK (end_us > start_us),
  occupied_start_us INTEGER NOT NULL,
  occupied_end_us INTEGER NOT NULL,
  hold_expire_us INTEGER,
  basket_id TEXT NOT NULL DEFAULT '',
  handover_from_reservation_id TEXT NOT NULL DEFAULT '',
  handover_to_reservation_id TEXT NOT NULL DEFAULT '',
  -- Every other field (units, destination, quote, check-in facts, ...) as one JSON object:
  -- nothing filters on them.
  details TEXT NOT NULL,
  create_us INTEGER NOT NULL,
  update_us INTEGER NOT NULL
);
CREATE INDEX reservations_by_borrower ON reservations (organization_id, start_us, id);
CREATE INDEX reservations_by_owner ON reservations (owner_organization_id, start_us, id);
CREATE INDEX reservations_by_listing ON reservations (listing_id, start_us, id);
CREATE INDEX reservations_by_start ON reservations (start_us, id);
CREATE INDEX reservations_holds ON reservations (hold_expire_us) WHERE status = 1;

-- One row per unit of every active reservation (held, pending approval, confirmed, checked
-- out): the unit's whole occupation, setup, teardown and transport included, as [start, end).
-- No two rows of the same listing and unit may overlap. SQLite has no exclusion constraints,
-- so the triggers below refuse an overlapping insert or update; because every write runs in
-- an IMMEDIATE transaction under SQLite's single writer, the check and the write are one
-- atomic step. The PostgreSQL backend states the same invariant declaratively:
--
--   CREATE TABLE occupancy (
--     listing_id text NOT NULL,
--     unit integer NOT NULL CHECK (unit >= 1),
--     occupied_start timestamptz NOT NULL,
--     occupied_end timestamptz NOT NULL CHECK (occupied_end > occupied_start),
--     reservation_id text NOT NULL REFERENCES reservations (id),
--     PRIMARY KEY (reservation_id, unit),
--     EXCLUDE USING gist (listing_id WITH =, unit WITH =,
--                         tstzrange(occupied_start, occupied_end) WITH &&)
--   );  -- needs CREATE EXTENSION btree_gist; tstzrange defaults to '[)'
CREATE TABLE occupancy (
  listing_id TEXT NOT NULL,
  unit INTEGER NOT NULL CHECK (unit >= 1),
  occupied_start_us INTEGER NOT NULL,
  occupied_end_us INTEGER NOT NULL CHECK (occupied_end_us > occupied_start_us),
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  PRIMARY KEY (reservation_id, unit),
  -- At most 366 days, so the overlap check below scans a bounded index range: a row that
  -- overlaps [s, e) must start in (s - 366 days, e).
  CHECK (occupied_end_us - occupied_start_us <= 31622400000000)
);
CREATE INDEX occupancy_by_unit ON occupancy (listing_id, unit, occupied_start_us);

CREATE TRIGGER occupancy_no_overlap_on_insert BEFORE INSERT ON occupancy
WHEN EXISTS (
  SELECT 1 FROM occupancy o
  WHERE o.listing_id = NEW.listing_id AND o.unit = NEW.unit
    AND o.occupied_start_us > NEW.occupied_start_us - 31622400000000
    AND o.occupied_start_us < NEW.occupied_end_us
    AND o.occupied_end_us > NEW.occupied_start_us)
BEGIN
  SELECT RAISE(ABORT, 'occupancy overlap');
END;

CREATE TRIGGER occupancy_no_overlap_on_update
BEFORE UPDATE OF listing_id, unit, occupied_start_us, occupied_end_us ON occupancy
WHEN EXISTS (
  SELECT 1 FROM occupancy o
  WHERE o.rowid <> OLD.rowid
    AND o.listing_id = NEW.listing_id AND o.unit = NEW.unit
    AND o.occupied_start_us > NEW.occupied_start_us - 31622400000000
    AND o.occupied_start_us < NEW.occupied_end_us
    AND o.occupied_end_us > NEW.occupied_start_us)
BEGIN
  SELECT RAISE(ABORT, 'occupancy overlap');
END;

CREATE TABLE reservation_events (
  id TEXT PRIMARY KEY,
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  time_us INTEGER NOT NULL,
  actor_person_id TEXT NOT NULL,
  actor_organization_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status INTEGER NOT NULL,
  details TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX reservation_events_by_reservation ON reservation_events (reservation_id, seq);

-- History is append-only.
CREATE TRIGGER reservation_events_no_update BEFORE UPDATE ON reservation_events
BEGIN
  SELECT RAISE(ABORT, 'reservation events are append-only');
END;
CREATE TRIGGER reservation_events_no_delete BEFORE DELETE ON reservation_events
BEGIN
  SELECT RAISE(ABORT, 'reservation events are append-only');
END;

-- A retried create with the same key (per person or API key) returns the first result.
CREATE TABLE idempotency_keys (
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  result_id TEXT NOT NULL,
  create_us INTEGER NOT NULL,
  PRIMARY KEY (principal, key)
);

CREATE TABLE intakes (
  listing_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  date TEXT NOT NULL,
  recorded_by_person_id TEXT NOT NULL,
  PRIMARY KEY (listing_id, organization_id)
);

CREATE TABLE units_out_of_service (
  listing_id TEXT NOT NULL,
  unit INTEGER NOT NULL,
  owner_organization_id TEXT NOT NULL,
  reservation_id TEXT NOT NULL,
  report TEXT NOT NULL,
  since_us INTEGER NOT NULL,
  PRIMARY KEY (listing_id, unit)
);
