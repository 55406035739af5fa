-- The longest occupation stored per listing. An occupation that overlaps [s, e) must start
-- after s minus that length, so the overlap triggers and availability queries scan only the
-- rows that can reach the window (hours for sessions) instead of a year of them (the fixed
-- 366-day bound of 0002, which stays as the CHECK on a row's length).
--
-- PostgreSQL needs none of this: the exclusion constraint's GiST index answers overlap.
CREATE TABLE occupancy_extent (
  listing_id TEXT PRIMARY KEY,
  max_length_us INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO occupancy_extent (listing_id, max_length_us)
SELECT listing_id, MAX(occupied_end_us - occupied_start_us) FROM occupancy GROUP BY listing_id;

-- Rows only ever make the extent longer (a deleted or shortened row leaves it as it was,
-- which keeps every bound correct, merely less tight).
CREATE TRIGGER occupancy_extent_on_insert AFTER INSERT ON occupancy
BEGIN
  INSERT INTO occupancy_extent (listing_id, max_length_us)
  VALUES (NEW.listing_id, NEW.occupied_end_us - NEW.occupied_start_us)
  ON CONFLICT (listing_id) DO UPDATE SET max_length_us = excluded.max_length_us
  WHERE excluded.max_length_us > occupancy_extent.max_length_us;
END;

CREATE TRIGGER occupancy_extent_on_update
AFTER UPDATE OF listing_id, occupied_start_us, occupied_end_us ON occupancy
BEGIN
  INSERT INTO occupancy_extent (listing_id, max_length_us)
  VALUES (NEW.listing_id, NEW.occupied_end_us - NEW.occupied_start_us)
  ON CONFLICT (listing_id) DO UPDATE SET max_length_us = excluded.max_length_us
  WHERE excluded.max_length_us > occupancy_extent.max_length_us;
END;

-- Availability across units of a listing ranges over start times without naming a unit.
CREATE INDEX occupancy_by_start ON occupancy (listing_id, occupied_start_us);

DROP TRIGGER occupancy_no_overlap_on_insert;
DROP TRIGGER occupancy_no_overlap_on_update;

-- The invariant, unchanged in meaning: no two rows of one unit overlap. Existing rows are
-- at most max_length_us long, so one that overlaps NEW starts after NEW's start minus that.
CREATE TRIGGER occupancy_no_overlap_on_insert BEFORE INSERT ON occupancy
WHEN EXISTS (
  SELECT 1 FROM occupancy o
  WHERE o.listing_id = NEW.listing_id AND o.unit = NEW.unit
    AND o.occupied_start_us > NEW.occupied_start_us - coalesce(
          (SELECT max_length_us FROM occupancy_extent WHERE listing_id = NEW.listing_id), 0)
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
    AND o.occupied_start_us > NEW.occupied_start_us - coalesce(
          (SELECT max_length_us FROM occupancy_extent WHERE listing_id = NEW.listing_id), 0)
    AND o.occupied_start_us < NEW.occupied_end_us
    AND o.occupied_end_us > NEW.occupied_start_us)
BEGIN
  SELECT RAISE(ABORT, 'occupancy overlap');
END;
