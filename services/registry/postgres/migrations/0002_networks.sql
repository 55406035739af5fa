-- Learning networks and equipment pools, as sqlite/migrations/0002_networks.sql. member_count
-- is kept in step with network_members by the registry core, in the same transaction that adds
-- or removes a member.
CREATE TABLE networks (
  id                     TEXT COLLATE "C" PRIMARY KEY,
  name                   TEXT COLLATE "C" NOT NULL CHECK (length(trim(name)) > 0),
  description            TEXT NOT NULL DEFAULT '',
  kind                   INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 2),
  owner_organization_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  member_count           INTEGER NOT NULL DEFAULT 0 CHECK (member_count >= 0),
  create_time_us         BIGINT NOT NULL
);
CREATE INDEX networks_by_name ON networks (name, id);

CREATE TABLE network_members (
  network_id       TEXT COLLATE "C" NOT NULL REFERENCES networks (id),
  organization_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
  add_time_us      BIGINT NOT NULL,
  PRIMARY KEY (network_id, organization_id)
);
-- "Which networks does this organisation belong to?"
CREATE INDEX network_members_by_organization ON network_members (organization_id, network_id);
