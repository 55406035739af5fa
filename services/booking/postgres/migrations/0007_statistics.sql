-- Multi-use statistics: per (UTC day of the reservation's start, listing, owner, borrower) the
-- sums every figure is made of, as on SQLite (see the SQLite migration of the same version
-- for what each column counts). One row trigger on `reservations` keeps them in the
-- transaction of every change, so they can never drift from the reservations they
-- summarise: an insert adds the new row's contribution, an update subtracts the old row's and
-- adds the new one's, a delete subtracts. Held, rejected and expired reservations contribute
-- nothing.
CREATE TABLE reservation_stats (
  day BIGINT NOT NULL,
  listing_id TEXT NOT NULL,
  owner_organization_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  active_count BIGINT NOT NULL,
  completed_count BIGINT NOT NULL,
  cancelled_count BIGINT NOT NULL,
  no_show_count BIGINT NOT NULL,
  reserved_minutes BIGINT NOT NULL,
  used_minutes BIGINT NOT NULL,
  learners_1 BIGINT NOT NULL,
  learners_2 BIGINT NOT NULL,
  learners_3 BIGINT NOT NULL,
  learners_4 BIGINT NOT NULL,
  learners_5 BIGINT NOT NULL,
  learners_total BIGINT NOT NULL,
  learner_minutes_1 BIGINT NOT NULL,
  learner_minutes_2 BIGINT NOT NULL,
  learner_minutes_3 BIGINT NOT NULL,
  learner_minutes_4 BIGINT NOT NULL,
  learner_minutes_5 BIGINT NOT NULL,
  learner_minutes_total BIGINT NOT NULL,
  revenue_cents BIGINT NOT NULL,
  PRIMARY KEY (day, listing_id, owner_organization_id, organization_id)
);
CREATE INDEX reservation_stats_by_listing ON reservation_stats (listing_id, day);
CREATE INDEX reservation_stats_by_owner ON reservation_stats (owner_organization_id, day);
CREATE INDEX reservation_stats_by_borrower ON reservation_stats (organization_id, day);

-- Every listing ever reserved and its owner.
CREATE TABLE stats_listings (
  listing_id TEXT COLLATE "C" PRIMARY KEY,
  owner_organization_id TEXT NOT NULL
);
CREATE INDEX stats_listings_by_owner ON stats_listings (owner_organization_id);

-- Adds `sign` times the contribution of reservation row `r`. The details are the JSON text
-- the store writes (as on SQLite); read as json, which keeps them as written.
CREATE FUNCTION reservation_stats_add(r reservations, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d json := r.details::json;
  used bigint := 0;
  l1 bigint := 0;
  l2 bigint := 0;
  l3 bigint := 0;
  l4 bigint := 0;
  l5 bigint := 0;
  lt bigint := 0;
  revenue bigint := 0;
BEGIN
  IF r.status NOT BETWEEN 2 AND 8 OR r.status = 6 THEN
    RETURN;
  END IF;
  IF r.status = 5 THEN
    used := greatest(0, coalesce((d ->> 'check_in_us')::bigint
                                 - (d ->> 'check_out_us')::bigint, 0) / 60000000);
    SELECT coalesce(sum((e ->> 1)::bigint) FILTER (WHERE (e ->> 0)::integer = 1), 0),
           coalesce(sum((e ->> 1)::bigint) FILTER (WHERE (e ->> 0)::integer = 2), 0),
           coalesce(sum((e ->> 1)::bigint) FILTER (WHERE (e ->> 0)::integer = 3), 0),
           coalesce(sum((e ->> 1)::bigint) FILTER (WHERE (e ->> 0)::integer = 4), 0),
           coalesce(sum((e ->> 1)::bigint) FILTER (WHERE (e ->> 0)::integer = 5), 0),
           coalesce(sum((e ->> 1)::bigint), 0)
      INTO l1, l2, l3, l4, l5, lt
      FROM json_array_elements(coalesce(d -> 'learners_present', '[]'::json)) AS e;
    revenue := coalesce((d -> 'quote' ->> 'total')::bigint, 0);
  ELSIF r.status IN (7, 8) THEN
    revenue := coalesce((d ->> 'cancel_fee')::bigint, 0);
  END IF;
  INSERT INTO reservation_stats AS s (day, listing_id, owner_organization_id, organization_id,
    active_count, completed_count, cancelled_count, no_show_count, reserved_minutes, used_minutes, learners_1, learners_2, learners_3, learners_4, learners_5, learners_total, learner_minutes_1, learner_minutes_2, learner_minutes_3, learner_minutes_4, learner_minutes_5, learner_minutes_total, revenue_cents)
  VALUES (r.start_us / 86400000000, r.listing_id, r.owner_organization_id, r.organization_id,
    sign * (r.status BETWEEN 2 AND 4)::integer, sign * (r.status = 5)::integer,
    sign * (r.status = 7)::integer, sign * (r.status = 8)::integer,
    sign * CASE WHEN r.status BETWEEN 3 AND 5 THEN (r.end_us - r.start_us) / 60000000 ELSE 0 END,
    sign * used, sign * l1, sign * l2, sign * l3, sign * l4, sign * l5, sign * lt,
    sign * l1 * used, sign * l2 * used, sign * l3 * used, sign * l4 * used, sign * l5 * used,
    sign * lt * used, sign * revenue)
  ON CONFLICT (day, listing_id, owner_organization_id, organization_id) DO UPDATE SET
    active_count = s.active_count + excluded.active_count,
    completed_count = s.completed_count + excluded.completed_count,
    cancelled_count = s.cancelled_count + excluded.cancelled_count,
    no_show_count = s.no_show_count + excluded.no_show_count,
    reserved_minutes = s.reserved_minutes + excluded.reserved_minutes,
    used_minutes = s.used_minutes + excluded.used_minutes,
    learners_1 = s.learners_1 + excluded.learners_1,
    learners_2 = s.learners_2 + excluded.learners_2,
    learners_3 = s.learners_3 + excluded.learners_3,
    learners_4 = s.learners_4 + excluded.learners_4,
    learners_5 = s.learners_5 + excluded.learners_5,
    learners_total = s.learners_total + excluded.learners_total,
    learner_minutes_1 = s.learner_minutes_1 + excluded.learner_minutes_1,
    learner_minutes_2 = s.learner_minutes_2 + excluded.learner_minutes_2,
    learner_minutes_3 = s.learner_minutes_3 + excluded.learner_minutes_3,
    learner_minutes_4 = s.learner_minutes_4 + excluded.learner_minutes_4,
    learner_minutes_5 = s.learner_minutes_5 + excluded.learner_minutes_5,
    learner_minutes_total = s.learner_minutes_total + excluded.learner_minutes_total,
    revenue_cents = s.revenue_cents + excluded.revenue_cents;
END;
$$;

CREATE FUNCTION reservation_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stats_listings (listing_id, owner_organization_id)
    VALUES (NEW.listing_id, NEW.owner_organization_id) ON CONFLICT (listing_id) DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM reservation_stats_add(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM reservation_stats_add(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER reservation_stats_on_insert_or_delete AFTER INSERT OR DELETE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservation_stats_trigger();
-- Rewrites that change nothing counted (most updates set every column) skip the work.
CREATE TRIGGER reservation_stats_on_update
AFTER UPDATE OF listing_id, owner_organization_id, organization_id, status, start_us, end_us,
  details ON reservations
FOR EACH ROW WHEN ((OLD.listing_id, OLD.owner_organization_id, OLD.organization_id, OLD.status,
                    OLD.start_us, OLD.end_us, OLD.details)
                   IS DISTINCT FROM
                   (NEW.listing_id, NEW.owner_organization_id, NEW.organization_id, NEW.status,
                    NEW.start_us, NEW.end_us, NEW.details))
EXECUTE FUNCTION reservation_stats_trigger();

-- Reservations stored before this migration.
INSERT INTO stats_listings (listing_id, owner_organization_id)
SELECT listing_id, min(owner_organization_id) FROM reservations GROUP BY listing_id;
SELECT reservation_stats_add(r, 1) FROM reservations AS r;
