-- A counter that every change search depends on moves forward, so a reader can tell from
-- its own snapshot whether search facts it kept in memory are still those of the database:
-- committed states only ever see it grow, so one value names one committed state (two
-- transactions that both move it conflict on its row, so one of them is retried). Triggers
-- rather than store code, so no write path can forget it; per statement, as one bump per
-- transaction would do.
CREATE TABLE search_generation (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  n   BIGINT NOT NULL
);
INSERT INTO search_generation (id, n) VALUES (1, 0);

CREATE FUNCTION search_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER search_generation_listings AFTER INSERT OR UPDATE OR DELETE ON listings
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_generation_tags AFTER INSERT OR DELETE ON listing_tags
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_generation_owners AFTER INSERT OR UPDATE ON owners
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_generation_sites AFTER UPDATE ON sites
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
CREATE TRIGGER search_generation_terms AFTER INSERT ON sharing_terms
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump();
