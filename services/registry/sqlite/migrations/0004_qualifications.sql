-- Qualification types (defined by an issuing organisation) and the qualifications people hold.
-- Dates are calendar days as ISO text ('2026-01-31'), which sorts and compares correctly.
CREATE TABLE qualification_types (
  id                      TEXT PRIMARY KEY,
  issuer_organization_id  TEXT NOT NULL REFERENCES organizations (id),
  code                    TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name_nl                 TEXT NOT NULL DEFAULT '',
  name_en                 TEXT NOT NULL DEFAULT '',
  description             TEXT NOT NULL DEFAULT '',
  validity_months         INTEGER NOT NULL CHECK (validity_months BETWEEN 0 AND 600),
  create_time_us          INTEGER NOT NULL,
  UNIQUE (issuer_organization_id, code)
);
CREATE INDEX qualification_types_by_code ON qualification_types (code, id);

CREATE TABLE qualifications (
  id                     TEXT PRIMARY KEY,
  qualification_type_id  TEXT NOT NULL REFERENCES qualification_types (id),
  person_id              TEXT NOT NULL REFERENCES people (id),
  issue_date             TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  expiry_date            TEXT CHECK (expiry_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  issued_by_person_id    TEXT NOT NULL DEFAULT '',
  revoked                INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  revocation_reason      TEXT NOT NULL DEFAULT '',
  create_time_us         INTEGER NOT NULL,
  revoke_time_us         INTEGER,
  CHECK (expiry_date IS NULL OR expiry_date >= issue_date),
  CHECK ((revoked = 1) = (revoke_time_us IS NOT NULL))
);
CREATE INDEX qualifications_by_person ON qualifications (person_id, issue_date, id);
