-- Reservations, the units they occupy, their history, idempotency keys, intakes and units out
-- of service. Instants are UTC microseconds since the epoch (BIGINT), as on SQLite, so both
-- backends hold the same numbers.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Text that lists are ordered by is compared byte for byte ("C"), as SQLite does, so both
-- backends page and sort alike whatever the cluster's locale.
CREATE TABLE reservations (
  id TEXT COLLATE "C" PRIMARY KEY,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  responsible_person_id TEXT NOT NULL,
  created_by_person_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  status INTEGER NOT NULL,
  start_us BIGINT NOT NULL,
  end_us BIGINT NOT NULL CHECK (end_us > start_us),
  occupied_start_us BIGINT NOT NULL,
  occupied_end_us BIGINT NOT NULL,
  hold_expire_us BIGINT,
  basket_id TEXT NOT NULL DEFAULT '',
  handover_from_reservation_id TEXT NOT NULL DEFAULT '',
  handover_to_reservation_id TEXT NOT NULL DEFAULT '',
  -- Every other field (units, destination, quote, check-in facts, ...) as one JSON object,
  -- the same text the SQLite backend keeps: nothing filters on it. TEXT rather than JSONB so
  -- the document comes back byte for byte; the statistics triggers read it as json.
  details TEXT NOT NULL,
  create_us BIGINT NOT NULL,
  update_us BIGINT NOT NULL
);
CREATE INDEX reservations_by_borrower ON reservations (organization_id, start_us, id);
CREATE INDEX reservations_by_owner ON reservations (owner_organization_id, start_us, id);
CREATE INDEX reservations_by_listing ON reservations (listing_id, start_us, id);
CREATE INDEX reservations_by_start ON reservations (start_us, id);
CREATE INDEX reservations_holds ON reservations (hold_expire_us) WHERE status = 1;

-- One row per unit of every active reservation: the unit's whole occupation, setup, teardown
-- and transport included, as [start, end). No two rows of the same listing and unit may
-- overlap, and here the database states it itself: the exclusion constraint refuses the
-- second of two overlapping rows even when they come from concurrent transactions (which
-- SERIALIZABLE alone would not catch for rows neither transaction read). The store turns its
-- violation (23P01) into the same error the SQLite triggers lead to.
CREATE TABLE occupancy (
  listing_id TEXT NOT NULL,
  unit INTEGER NOT NULL CHECK (unit >= 1),
  occupied_start_us BIGINT NOT NULL,
  occupied_end_us BIGINT NOT NULL CHECK (occupied_end_us > occupied_start_us),
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  PRIMARY KEY (reservation_id, unit),
  -- At most 366 days, as on SQLite.
  CHECK (occupied_end_us - occupied_start_us <= 31622400000000),
  CONSTRAINT occupancy_no_overlap EXCLUDE USING gist (
    listing_id WITH =, unit WITH =, int8range(occupied_start_us, occupied_end_us) WITH &&)
);

CREATE TABLE reservation_events (
  id TEXT PRIMARY KEY,
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  time_us BIGINT NOT NULL,
  actor_person_id TEXT NOT NULL,
  actor_organization_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status INTEGER NOT NULL,
  details TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX reservation_events_by_reservation ON reservation_events (reservation_id, seq);

-- History is append-only.
CREATE FUNCTION reservation_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reservation events are append-only';
END;
$$;
CREATE TRIGGER reservation_events_no_update BEFORE UPDATE ON reservation_events
  FOR EACH ROW EXECUTE FUNCTION reservation_events_append_only();
CREATE TRIGGER reservation_events_no_delete BEFORE DELETE ON reservation_events
  FOR EACH ROW EXECUTE FUNCTION reservation_events_append_only();

-- A retried create with the same key (per person or API key) returns the first result.
CREATE TABLE idempotency_keys (
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  result_id TEXT NOT NULL,
  create_us BIGINT NOT NULL,
  PRIMARY KEY (principal, key)
);

CREATE TABLE intakes (
  listing_id TEXT NOT NULL,
  organization_id TEXT COLLATE "C" NOT NULL,
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
  since_us BIGINT NOT NULL,
  PRIMARY KEY (listing_id, unit)
);
