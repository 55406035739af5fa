-- A counter that every change search depends on moves forward, so a reader can tell from
-- its own snapshot whether search facts it kept in memory are still those of the database:
-- committed states only ever see it grow, so one value names one committed state. Triggers
-- rather than store code, so no write path can forget it.
CREATE TABLE search_generation (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  n   INTEGER NOT NULL
);
INSERT INTO search_generation (id, n) VALUES (1, 0);

CREATE TRIGGER search_generation_listing_insert AFTER INSERT ON listings
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_listing_update AFTER UPDATE ON listings
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_listing_delete AFTER DELETE ON listings
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_tag_insert AFTER INSERT ON listing_tags
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_tag_delete AFTER DELETE ON listing_tags
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_owner_insert AFTER INSERT ON owners
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_owner_update AFTER UPDATE ON owners
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_site_update AFTER UPDATE ON sites
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER search_generation_terms_insert AFTER INSERT ON sharing_terms
BEGIN UPDATE search_generation SET n = n + 1 WHERE id = 1; END;
