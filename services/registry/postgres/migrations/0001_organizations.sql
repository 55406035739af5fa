-- Organisations, as sqlite/migrations/0001_organizations.sql. Times are BIGINT microseconds
-- since the Unix epoch (UTC), as on SQLite. Text that is sorted or compared in keyset order is
-- COLLATE "C" (bytewise, like SQLite's BINARY), so both backends list rows in the same order
-- whatever the server's locale; it also keeps ILIKE's case folding to ASCII, like SQLite's LIKE.
CREATE TABLE organizations (
  id                  TEXT COLLATE "C" PRIMARY KEY,
  name                TEXT COLLATE "C" NOT NULL CHECK (length(trim(name)) > 0),
  kind                INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 7),
  country             TEXT COLLATE "C" NOT NULL CHECK (country IN ('NL', 'BE')),
  region              TEXT COLLATE "C" NOT NULL DEFAULT '',
  street              TEXT NOT NULL DEFAULT '',
  postal_code         TEXT NOT NULL DEFAULT '',
  locality            TEXT NOT NULL DEFAULT '',
  address_country     TEXT NOT NULL DEFAULT '',
  -- DOUBLE PRECISION: SQLite's REAL is 8 bytes, PostgreSQL's REAL only 4.
  latitude            DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
  longitude           DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
  education_tracks    TEXT NOT NULL DEFAULT '',
  status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),
  time_zone           TEXT NOT NULL,
  create_time_us      BIGINT NOT NULL,
  update_time_us      BIGINT NOT NULL,
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);

-- Keyset pagination walks (name, id); filters narrow by kind and country.
CREATE INDEX organizations_by_name ON organizations (name, id);
CREATE INDEX organizations_by_kind ON organizations (kind, name, id);
CREATE INDEX organizations_by_country ON organizations (country, name, id);
