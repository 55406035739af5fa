-- On SQLite this version keeps the longest occupation per listing so that the overlap
-- triggers and availability queries scan a bounded index range. PostgreSQL needs none of
-- that: the exclusion constraint's GiST index (0002) answers "which rows overlap [s, e)"
-- directly, for the constraint and for the store's queries alike. What remains is the index
-- for availability across the units of a listing, which ranges over start times without
-- naming a unit.
CREATE INDEX occupancy_by_start ON occupancy (listing_id, occupied_start_us);
