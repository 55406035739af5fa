-- Multi-use statistics: per (UTC day of the reservation's start, listing, owner, borrower) the
-- sums every figure is made of. Triggers on `reservations` keep them in the transaction of
-- every change, so they can never drift from the reservations they summarise: an insert adds
-- the new row's contribution, an update subtracts the old row's and adds the new one's, a
-- delete subtracts. The grain is a day so that week, month, quarter and school-year series
-- all add up whole days; the borrower is in the key so distinct organisations can be counted.
--
-- Contributions by status (values of leerpool.booking.v1.ReservationStatus):
--   active_count         pending approval (2), confirmed (3), checked out (4): reserved, not
--                        yet used
--   completed_count      completed (5): used
--   cancelled_count      cancelled (7);  no_show_count  no-show (8)
--   reserved_minutes     start..end of confirmed, checked-out and completed reservations
--   used_minutes         check-out..check-in of completed reservations (never reserved time)
--   learners_N           learners present at check-in of audience N (1..5,
--                        leerpool.catalogue.v1.Audience); learners_total counts every audience
--   learner_minutes_N    learners_N x used_minutes of the same reservation
--   revenue_cents        the quote of completed reservations plus the cancellation fee of
--                        cancelled and no-show ones
-- Held, rejected and expired reservations contribute nothing.
CREATE TABLE reservation_stats (
  day INTEGER NOT NULL,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  active_count INTEGER NOT NULL,
  completed_count INTEGER NOT NULL,
  cancelled_count INTEGER NOT NULL,
  no_show_count INTEGER NOT NULL,
  reserved_minutes INTEGER NOT NULL,
  used_minutes INTEGER NOT NULL,
  learners_1 INTEGER NOT NULL,
  learners_2 INTEGER NOT NULL,
  learners_3 INTEGER NOT NULL,
  learners_4 INTEGER NOT NULL,
  learners_5 INTEGER NOT NULL,
  learners_total INTEGER NOT NULL,
  learner_minutes_1 INTEGER NOT NULL,
  learner_minutes_2 INTEGER NOT NULL,
  learner_minutes_3 INTEGER NOT NULL,
  learner_minutes_4 INTEGER NOT NULL,
  learner_minutes_5 INTEGER NOT NULL,
  learner_minutes_total INTEGER NOT NULL,
  revenue_cents INTEGER NOT NULL,
  PRIMARY KEY (day, listing_id, owner_organization_id, organization_id)
) WITHOUT ROWID;
CREATE INDEX reservation_stats_by_listing ON reservation_stats (listing_id, day);
CREATE INDEX reservation_stats_by_owner ON reservation_stats (owner_organization_id, day);
CREATE INDEX reservation_stats_by_borrower ON reservation_stats (organization_id, day);

-- Every listing ever reserved and its owner: the listings a scope covers, so a listing with
-- no use in a period still counts its available hours.
CREATE TABLE stats_listings (
  listing_id TEXT PRIMARY KEY,
  owner_organization_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX stats_listings_by_owner ON stats_listings (owner_organization_id);

-- One signed row per contribution to apply; the trigger below folds it into
-- reservation_stats and empties the table again, so the contribution of a reservation row is
-- written down exactly once (SQLite triggers cannot call functions or use CTEs).
CREATE TABLE reservation_stats_delta (
  sign INTEGER NOT NULL,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  details TEXT NOT NULL
);

CREATE TRIGGER reservation_stats_apply AFTER INSERT ON reservation_stats_delta
BEGIN
  INSERT INTO reservation_stats (
    day, listing_id, owner_organization_id, organization_id, active_count, completed_count,
    cancelled_count, no_show_count, reserved_minutes, used_minutes, learners_1, learners_2,
    learners_3, learners_4, learners_5, learners_total, learner_minutes_1, learner_minutes_2,
    learner_minutes_3, learner_minutes_4, learner_minutes_5, learner_minutes_total,
    revenue_cents)
  SELECT c.day, c.listing_id, c.owner_organization_id, c.organization_id,
         c.sign * (c.status IN (2, 3, 4)), c.sign * (c.status = 5), c.sign * (c.status = 7),
         c.sign * (c.status = 8), c.sign * c.reserved_minutes, c.sign * c.used_minutes,
         c.sign * c.l1, c.sign * c.l2, c.sign * c.l3, c.sign * c.l4, c.sign * c.l5,
         c.sign * c.lt, c.sign * c.l1 * c.used_minutes, c.sign * c.l2 * c.used_minutes,
         c.sign * c.l3 * c.used_minutes, c.sign * c.l4 * c.used_minutes,
         c.sign * c.l5 * c.used_minutes, c.sign * c.lt * c.used_minutes, c.sign * c.revenue
  FROM (
    SELECT NEW.sign AS sign, NEW.status AS status, NEW.start_us / 86400000000 AS day,
           NEW.listing_id AS listing_id, NEW.owner_organization_id AS owner_organization_id,
           NEW.organization_id AS organization_id,
           CASE WHEN NEW.status IN (3, 4, 5)
                THEN (NEW.end_us - NEW.start_us) / 60000000 ELSE 0 END AS reserved_minutes,
           CASE WHEN NEW.status = 5
                THEN max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                                     - json_extract(NEW.details, '$.check_out_us'), 0)
                            / 60000000)
                ELSE 0 END AS used_minutes,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')
             WHERE json_extract(value, '$[0]') = 1), 0) ELSE 0 END AS l1,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')
             WHERE json_extract(value, '$[0]') = 2), 0) ELSE 0 END AS l2,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')
             WHERE json_extract(value, '$[0]') = 3), 0) ELSE 0 END AS l3,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')
             WHERE json_extract(value, '$[0]') = 4), 0) ELSE 0 END AS l4,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')
             WHERE json_extract(value, '$[0]') = 5), 0) ELSE 0 END AS l5,
           CASE WHEN NEW.status = 5 THEN coalesce((
             SELECT sum(json_extract(value, '$[1]'))
             FROM json_each(NEW.details, '$.learners_present')), 0) ELSE 0 END AS lt,
           CASE WHEN NEW.status = 5 THEN coalesce(json_extract(NEW.details, '$.quote.total'), 0)
                WHEN NEW.status IN (7, 8) THEN coalesce(json_extract(NEW.details, '$.cancel_fee'), 0)
                ELSE 0 END AS revenue
  ) AS c
  WHERE NEW.status IN (2, 3, 4, 5, 7, 8)
  ON CONFLICT (day, listing_id, owner_organization_id, organization_id) DO UPDATE SET
    active_count = active_count + excluded.active_count,
    completed_count = completed_count + excluded.completed_count,
    cancelled_count = cancelled_count + excluded.cancelled_count,
    no_show_count = no_show_count + excluded.no_show_count,
    reserved_minutes = reserved_minutes + excluded.reserved_minutes,
    used_minutes = used_minutes + excluded.used_minutes,
    learners_1 = learners_1 + excluded.learners_1,
    learners_2 = learners_2 + excluded.learners_2,
    learners_3 = learners_3 + excluded.learners_3,
    learners_4 = learners_4 + excluded.learners_4,
    learners_5 = learners_5 + excluded.learners_5,
    learners_total = learners_total + excluded.learners_total,
    learner_minutes_1 = learner_minutes_1 + excluded.learner_minutes_1,
    learner_minutes_2 = learner_minutes_2 + excluded.learner_minutes_2,
    learner_minutes_3 = learner_minutes_3 + excluded.learner_minutes_3,
    learner_minutes_4 = learner_minutes_4 + excluded.learner_minutes_4,
    learner_minutes_5 = learner_minutes_5 + excluded.learner_minutes_5,
    learner_minutes_total = learner_minutes_total + excluded.learner_minutes_total,
    revenue_cents = revenue_cents + excluded.revenue_cents;
  DELETE FROM reservation_stats_delta;
END;

CREATE TRIGGER reservation_stats_on_insert AFTER INSERT ON reservations
BEGIN
  INSERT INTO stats_listings (listing_id, owner_organization_id)
  VALUES (NEW.listing_id, NEW.owner_organization_id) ON CONFLICT (listing_id) DO NOTHING;
  INSERT INTO reservation_stats_delta VALUES (1, NEW.listing_id, NEW.owner_organization_id,
    NEW.organization_id, NEW.status, NEW.start_us, NEW.end_us, NEW.details);
END;

CREATE TRIGGER reservation_stats_on_update
AFTER UPDATE OF listing_id, owner_organization_id, organization_id, status, start_us, end_us,
  details ON reservations
BEGIN
  INSERT INTO stats_listings (listing_id, owner_organization_id)
  VALUES (NEW.listing_id, NEW.owner_organization_id) ON CONFLICT (listing_id) DO NOTHING;
  INSERT INTO reservation_stats_delta VALUES (-1, OLD.listing_id, OLD.owner_organization_id,
    OLD.organization_id, OLD.status, OLD.start_us, OLD.end_us, OLD.details);
  INSERT INTO reservation_stats_delta VALUES (1, NEW.listing_id, NEW.owner_organization_id,
    NEW.organization_id, NEW.status, NEW.start_us, NEW.end_us, NEW.details);
END;

CREATE TRIGGER reservation_stats_on_delete AFTER DELETE ON reservations
BEGIN
  INSERT INTO reservation_stats_delta VALUES (-1, OLD.listing_id, OLD.owner_organization_id,
    OLD.organization_id, OLD.status, OLD.start_us, OLD.end_us, OLD.details);
END;

-- Reservations stored before this migration.
INSERT INTO stats_listings (listing_id, owner_organization_id)
SELECT listing_id, min(owner_organization_id) FROM reservations GROUP BY listing_id;
INSERT INTO reservation_stats_delta
SELECT 1, listing_id, owner_organization_id, organization_id, status, start_us, end_us, details
FROM reservations;

-- The PostgreSQL backend keeps the same table with one row-level trigger (details as jsonb,
-- instants as timestamptz):
--
--   CREATE FUNCTION reservation_stats_add(r reservations, sign integer) RETURNS void AS $$
--   DECLARE used bigint := 0; present jsonb := '[]';
--   BEGIN
--     IF r.status NOT IN (2, 3, 4, 5, 7, 8) THEN RETURN; END IF;
--     IF r.status = 5 THEN
--       used := greatest(0, coalesce((r.details->>'check_in_us')::bigint
--                                    - (r.details->>'check_out_us')::bigint, 0) / 60000000);
--       present := r.details->'learners_present';
--     END IF;
--     INSERT INTO reservation_stats AS s
--     SELECT floor(extract(epoch FROM r.start_time) / 86400)::bigint, r.listing_id,
--            r.owner_organization_id, r.organization_id,
--            sign * (r.status IN (2, 3, 4))::int, sign * (r.status = 5)::int,
--            sign * (r.status = 7)::int, sign * (r.status = 8)::int,
--            sign * CASE WHEN r.status IN (3, 4, 5)
--                        THEN extract(epoch FROM r.end_time - r.start_time)::bigint / 60
--                        ELSE 0 END,
--            sign * used,
--            sign * a.l1, ..., sign * a.l5, sign * a.lt,
--            sign * a.l1 * used, ..., sign * a.lt * used,
--            sign * CASE WHEN r.status = 5 THEN (r.details->'quote'->>'total')::bigint
--                        WHEN r.status IN (7, 8) THEN (r.details->>'cancel_fee')::bigint
--                        ELSE 0 END
--     FROM (SELECT coalesce(sum((e->>1)::int) FILTER (WHERE (e->>0)::int = 1), 0) AS l1,
--                  ...,
--                  coalesce(sum((e->>1)::int), 0) AS lt
--           FROM jsonb_array_elements(present) AS e) AS a
--     ON CONFLICT (day, listing_id, owner_organization_id, organization_id) DO UPDATE SET
--       active_count = s.active_count + excluded.active_count, ...;
--   END $$ LANGUAGE plpgsql;
--
--   CREATE FUNCTION reservation_stats_trigger() RETURNS trigger AS $$
--   BEGIN
--     IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM reservation_stats_add(OLD, -1); END IF;
--     IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM reservation_stats_add(NEW, 1); END IF;
--     RETURN NULL;
--   END $$ LANGUAGE plpgsql;
--
--   CREATE TRIGGER reservation_stats AFTER INSERT OR UPDATE OR DELETE ON reservations
--   FOR EACH ROW EXECUTE FUNCTION reservation_stats_trigger();
