-- Qualification types and the qualifications people hold, as
-- sqlite/migrations/0004_qualifications.sql. Dates stay ISO text ('2026-01-31') as on SQLite:
-- it sorts and compares correctly under COLLATE "C" and reaches year 1 and 9999 alike.
CREATE TABLE qualification_types (
  id                      TEXT COLLATE "C" PRIMARY KEY,
  issuer_organization_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  code                    TEXT COLLATE "C" NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name_nl                 TEXT NOT NULL DEFAULT '',
  name_en                 TEXT NOT NULL DEFAULT '',
  description             TEXT NOT NULL DEFAULT '',
  validity_months         INTEGER NOT NULL CHECK (validity_months BETWEEN 0 AND 600),
  create_time_us          BIGINT NOT NULL,
  UNIQUE (issuer_organization_id, code)
);
CREATE INDEX qualification_types_by_code ON qualification_types (code, id);

CREATE TABLE qualifications (
  id                     TEXT COLLATE "C" PRIMARY KEY,
  qualification_type_id  TEXT COLLATE "C" NOT NULL REFERENCES qualification_types (id),
  person_id              TEXT COLLATE "C" NOT NULL REFERENCES people (id),
  issue_date             TEXT COLLATE "C" NOT NULL
                         CHECK (issue_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  expiry_date            TEXT COLLATE "C" CHECK (expiry_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  issued_by_person_id    TEXT NOT NULL DEFAULT '',
  revoked                BOOLEAN NOT NULL DEFAULT false,
  revocation_reason      TEXT NOT NULL DEFAULT '',
  create_time_us         BIGINT NOT NULL,
  revoke_time_us         BIGINT,
  CHECK (expiry_date IS NULL OR expiry_date >= issue_date),
  CHECK (revoked = (revoke_time_us IS NOT NULL))
);
CREATE INDEX qualifications_by_person ON qualifications (person_id, issue_date, id);
