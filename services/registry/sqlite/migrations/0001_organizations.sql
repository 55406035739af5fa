-- Organisations: schools, companies, manufacturers, sector bodies, government, simulation
-- centres. Times are microseconds since the Unix epoch, UTC.
CREATE TABLE organizations (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind                INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 7),
  country             TEXT NOT NULL CHECK (country IN ('NL', 'BE')),
  region              TEXT NOT NULL DEFAULT '',
  street              TEXT NOT NULL DEFAULT '',
  postal_code         TEXT NOT NULL DEFAULT '',
  locality            TEXT NOT NULL DEFAULT '',
  address_country     TEXT NOT NULL DEFAULT '',
  latitude            REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude           REAL CHECK (longitude BETWEEN -180 AND 180),
  education_tracks    TEXT NOT NULL DEFAULT '',
  status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),
  time_zone           TEXT NOT NULL,
  create_time_us      INTEGER NOT NULL,
  update_time_us      INTEGER NOT NULL,
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);

-- Keyset pagination walks (name, id); filters narrow by kind and country.
CREATE INDEX organizations_by_name ON organizations (name, id);
CREATE INDEX organizations_by_kind ON organizations (kind, name, id);
CREATE INDEX organizations_by_country ON organizations (country, name, id);
