-- Listings, the sites they are at, closures, versioned sharing terms, and the full-text index:
-- the PostgreSQL twin of sqlite/migrations/0002_listings.sql. Times are BIGINT microseconds
-- as there; keys and anything sorted by compare byte-wise (COLLATE "C"), as SQLite's text
-- does, so pages come out in the same order on both backends.

-- Organisations that own sites or listings, as last copied from the registry (when one of
-- their listings or sites is created or changed), so search can filter on and show the
-- owner without a registry call per result.
CREATE TABLE owners (
  id         TEXT COLLATE "C" PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       INTEGER NOT NULL,
  country    TEXT NOT NULL,
  latitude   DOUBLE PRECISION,
  longitude  DOUBLE PRECISION
);

CREATE TABLE sites (
  id                     TEXT COLLATE "C" PRIMARY KEY,
  owner_organization_id  TEXT COLLATE "C" NOT NULL REFERENCES owners (id),
  name                   TEXT NOT NULL,
  street                 TEXT NOT NULL,
  postal_code            TEXT NOT NULL,
  locality               TEXT NOT NULL,
  country                TEXT NOT NULL,
  latitude               DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude              DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  -- IANA zone the opening hours are stated in.
  time_zone              TEXT NOT NULL,
  create_time_us         BIGINT NOT NULL,
  update_time_us         BIGINT NOT NULL
);
CREATE INDEX sites_by_owner ON sites (owner_organization_id, create_time_us, id);
CREATE INDEX sites_by_creation ON sites (create_time_us, id);

-- Weekly opening hours, wall-clock minutes of the day in the site's zone (1440 = 24:00).
CREATE TABLE site_opening_periods (
  site_id       TEXT COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  open_minute   INTEGER NOT NULL CHECK (open_minute BETWEEN 0 AND 1440),
  close_minute  INTEGER NOT NULL CHECK (close_minute BETWEEN 0 AND 1440),
  CHECK (close_minute > open_minute),
  PRIMARY KEY (site_id, weekday, open_minute)
);

CREATE TABLE listings (
  -- A stable integer key for the search index (SQLite's rowid alias there).
  seq                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                        TEXT COLLATE "C" NOT NULL UNIQUE,
  owner_organization_id     TEXT COLLATE "C" NOT NULL REFERENCES owners (id),
  title_nl                  TEXT NOT NULL,
  title_en                  TEXT NOT NULL,
  description_nl            TEXT NOT NULL,
  description_en            TEXT NOT NULL,
  category                  INTEGER NOT NULL CHECK (category BETWEEN 1 AND 6),
  unit_count                INTEGER NOT NULL CHECK (unit_count >= 1),
  capacity_per_unit         INTEGER NOT NULL CHECK (capacity_per_unit >= 1),
  -- Arrays: audience numbers; ISO 639-1 codes; {"url","kind","caption"} objects.
  audiences                 JSONB NOT NULL CHECK (jsonb_typeof(audiences) = 'array'),
  languages                 JSONB NOT NULL CHECK (jsonb_typeof(languages) = 'array'),
  media                     JSONB NOT NULL CHECK (jsonb_typeof(media) = 'array'),
  status                    INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),
  site_id                   TEXT COLLATE "C" REFERENCES sites (id),
  -- All set exactly for mobile setups.
  mobile_service_radius_km  DOUBLE PRECISION,
  mobile_setup_minutes      INTEGER,
  mobile_teardown_minutes   INTEGER,
  mobile_travel_speed_kmh   DOUBLE PRECISION,
  terms_version             INTEGER NOT NULL DEFAULT 0 CHECK (terms_version >= 0),
  create_time_us            BIGINT NOT NULL,
  update_time_us            BIGINT NOT NULL,
  CHECK ((category = 2) = (mobile_service_radius_km IS NOT NULL))
);
CREATE INDEX listings_by_owner ON listings (owner_organization_id, create_time_us, id);
CREATE INDEX listings_by_creation ON listings (create_time_us, id);
CREATE INDEX listings_by_status ON listings (status, category);

-- Vocabulary tags (technologies, sectors and competences: a code's kind says which), in the
-- order the owner gave them.
CREATE TABLE listing_tags (
  listing_seq  BIGINT NOT NULL REFERENCES listings (seq) ON DELETE CASCADE,
  code         TEXT COLLATE "C" NOT NULL REFERENCES vocabulary_terms (code),
  position     INTEGER NOT NULL,
  PRIMARY KEY (listing_seq, code)
);
CREATE INDEX listing_tags_by_code ON listing_tags (code, listing_seq);

CREATE TABLE closures (
  id              TEXT COLLATE "C" PRIMARY KEY,
  site_id         TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
  -- NULL: the whole site.
  listing_id      TEXT COLLATE "C" REFERENCES listings (id),
  start_time_us   BIGINT NOT NULL,
  end_time_us     BIGINT NOT NULL,
  reason          TEXT NOT NULL,
  create_time_us  BIGINT NOT NULL,
  CHECK (end_time_us > start_time_us)
);
CREATE INDEX closures_by_site ON closures (site_id, end_time_us);

-- Every version of every listing's terms. A reservation keeps the version it was made under,
-- so a version, once written, never changes and is never removed.
CREATE TABLE sharing_terms (
  listing_id                       TEXT COLLATE "C" NOT NULL REFERENCES listings (id),
  version                          INTEGER NOT NULL CHECK (version >= 1),
  who_everyone                     BOOLEAN NOT NULL,
  -- JSON arrays.
  who_organization_kinds           JSONB NOT NULL,
  who_network_ids                  JSONB NOT NULL,
  who_organization_ids             JSONB NOT NULL,
  approval_required                BOOLEAN NOT NULL,
  required_qualification_type_ids  JSONB NOT NULL,
  intake_required                  BOOLEAN NOT NULL,
  min_lead_time_hours              INTEGER NOT NULL CHECK (min_lead_time_hours >= 0),
  max_duration_hours               INTEGER NOT NULL CHECK (max_duration_hours >= 0),
  cancellation_deadline_hours      INTEGER NOT NULL CHECK (cancellation_deadline_hours >= 0),
  cancellation_fee_cents           BIGINT NOT NULL CHECK (cancellation_fee_cents >= 0),
  quota_hours_per_month            INTEGER NOT NULL CHECK (quota_hours_per_month >= 0),
  price_per_hour_cents             BIGINT NOT NULL CHECK (price_per_hour_cents >= 0),
  price_per_half_day_cents         BIGINT NOT NULL CHECK (price_per_half_day_cents >= 0),
  price_per_day_cents              BIGINT NOT NULL CHECK (price_per_day_cents >= 0),
  price_per_learner_cents          BIGINT NOT NULL CHECK (price_per_learner_cents >= 0),
  price_per_km_cents               BIGINT NOT NULL CHECK (price_per_km_cents >= 0),
  deposit_cents                    BIGINT NOT NULL CHECK (deposit_cents >= 0),
  acquisition_cost_cents           BIGINT NOT NULL CHECK (acquisition_cost_cents >= 0),
  expected_lifetime_years          INTEGER NOT NULL CHECK (expected_lifetime_years >= 0),
  disclose_borrower_names          BOOLEAN NOT NULL,
  create_time_us                   BIGINT NOT NULL,
  created_by_person_id             TEXT NOT NULL,
  PRIMARY KEY (listing_id, version)
);

CREATE FUNCTION sharing_terms_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'sharing terms versions never change';
  END IF;
  RAISE EXCEPTION 'sharing terms versions are never removed';
END;
$$;
CREATE TRIGGER sharing_terms_never_change BEFORE UPDATE OR DELETE ON sharing_terms
FOR EACH ROW EXECUTE FUNCTION sharing_terms_immutable();

-- Full text over every listing (search filters on status), keyed by listings.seq, with the
-- same four columns as SQLite's FTS5 table: titles in both languages; the category's and the
-- tags' labels in both languages and the tag codes; the owner's name; descriptions in both
-- languages. The store splits and folds the text with SQLite's own tokenizer (unicode61
-- remove_diacritics 2: case and accents ignored, "cafe" finds "café") rather than a text
-- search configuration, whose parser keeps e-mail addresses, URLs, numbers like "1.5" and
-- hyphenated words whole: only the same tokens give the same matches on both backends.
-- `document` holds them with their positions (title A, tags B, owner C, description D;
-- a gap between columns so no phrase spans two), under a GIN index for @@; the token columns
-- (space separated) and their count are what the store's bm25 reads, as FTS5's bm25 does.
-- Written by the store in the same transaction as the listing, its tags or its owner's name.
CREATE TABLE listing_search (
  listing_seq  BIGINT PRIMARY KEY REFERENCES listings (seq) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  tags         TEXT NOT NULL,
  owner        TEXT NOT NULL,
  description  TEXT NOT NULL,
  token_count  INTEGER NOT NULL,
  document     TSVECTOR NOT NULL
);
CREATE INDEX listing_search_document ON listing_search USING GIN (document);
