-- Sign-in state, as sqlite/migrations/0005_sign_in.sql. Every secret is stored only as a hash:
-- refresh tokens and API key secrets as BLAKE2b (they are random, 256 bits), so a copy of the
-- database does not let anyone in.

CREATE TABLE sessions (
  id              TEXT COLLATE "C" PRIMARY KEY,
  person_id       TEXT COLLATE "C" NOT NULL REFERENCES people (id),
  create_time_us  BIGINT NOT NULL,
  revoke_time_us  BIGINT
);

-- A rotated (used) refresh token stays until it expires, so presenting it again is recognised
-- as reuse and ends the session.
CREATE TABLE refresh_tokens (
  token_hash      TEXT COLLATE "C" PRIMARY KEY,
  session_id      TEXT COLLATE "C" NOT NULL REFERENCES sessions (id),
  issue_time_us   BIGINT NOT NULL,
  expire_time_us  BIGINT NOT NULL,
  use_time_us     BIGINT
);
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expire_time_us);

-- Sessions and API keys whose tokens every service must refuse until expire_time_us.
CREATE TABLE revocations (
  id              TEXT COLLATE "C" PRIMARY KEY,
  revoke_time_us  BIGINT NOT NULL,
  expire_time_us  BIGINT NOT NULL
);
CREATE INDEX revocations_by_time ON revocations (revoke_time_us);
CREATE INDEX revocations_by_expiry ON revocations (expire_time_us);

CREATE TABLE api_keys (
  id                    TEXT COLLATE "C" PRIMARY KEY,
  organization_id       TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  name                  TEXT NOT NULL,
  -- Never org_admin (1): machine clients do not manage people.
  role                  INTEGER NOT NULL CHECK (role BETWEEN 2 AND 4),
  secret_hash           TEXT NOT NULL,
  create_time_us        BIGINT NOT NULL,
  last_use_time_us      BIGINT,
  revoke_time_us        BIGINT,
  created_by_person_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_keys_by_organization ON api_keys (organization_id, create_time_us, id);

-- Ed25519 key pairs that sign access tokens. The secret key is needed to sign, so it is kept
-- here; protect the database accordingly.
CREATE TABLE signing_keys (
  key_id          TEXT COLLATE "C" PRIMARY KEY,
  public_key      BYTEA NOT NULL CHECK (length(public_key) = 32),
  secret_key      BYTEA NOT NULL CHECK (length(secret_key) = 64),
  create_time_us  BIGINT NOT NULL,
  retire_time_us  BIGINT
);

-- Failed sign-ins, in the database so that every replica counts the same attempts. Rows older
-- than the limit window are pruned on each sign-in.
CREATE TABLE login_failures (
  id              TEXT COLLATE "C" PRIMARY KEY,
  email           TEXT COLLATE "C" NOT NULL,
  remote_address  TEXT COLLATE "C" NOT NULL,
  time_us         BIGINT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, time_us);
CREATE INDEX login_failures_by_address ON login_failures (remote_address, time_us);
CREATE INDEX login_failures_by_time ON login_failures (time_us);
