-- People, memberships and invitations, as sqlite/migrations/0003_people.sql.
-- Emails are stored normalised (trimmed, lower-case), so UNIQUE means one account per
-- address. password_hash is an Argon2id string ("$argon2id$..."); the password itself is
-- never stored.
CREATE TABLE people (
  id              TEXT COLLATE "C" PRIMARY KEY,
  email           TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  display_name    TEXT NOT NULL,
  locale          TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  platform_admin  BOOLEAN NOT NULL DEFAULT false,
  -- LIKE with an explicit escape-free prefix: '$' is not a LIKE wildcard.
  password_hash   TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  create_time_us  BIGINT NOT NULL
);

-- roles_mask has bit (1 << role) set for each role held, with the role numbers of
-- leerpool.registry.v1.Role (1 org_admin, 2 coordinator, 3 instructor, 4 analyst).
CREATE TABLE memberships (
  organization_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  person_id        TEXT COLLATE "C" NOT NULL REFERENCES people (id),
  roles_mask       INTEGER NOT NULL CHECK (roles_mask > 0 AND (roles_mask & ~30) = 0),
  add_time_us      BIGINT NOT NULL,
  PRIMARY KEY (organization_id, person_id)
);
CREATE INDEX memberships_by_person ON memberships (person_id, organization_id);

-- Only the hash of an invitation's token is stored: the token is shown once, to the inviter.
CREATE TABLE invitations (
  id                     TEXT COLLATE "C" PRIMARY KEY,
  organization_id        TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  email                  TEXT NOT NULL,
  roles_mask             INTEGER NOT NULL CHECK (roles_mask > 0 AND (roles_mask & ~30) = 0),
  token_hash             TEXT COLLATE "C" NOT NULL UNIQUE,
  expire_time_us         BIGINT NOT NULL,
  invited_by_person_id   TEXT NOT NULL DEFAULT '',
  create_time_us         BIGINT NOT NULL,
  accept_time_us         BIGINT,
  accepted_by_person_id  TEXT COLLATE "C" REFERENCES people (id),
  CHECK ((accept_time_us IS NULL) = (accepted_by_person_id IS NULL))
);
