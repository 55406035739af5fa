-- Migration 0007's statistics, written without temporary b-trees: same contributions, same
-- rows, cheaper to keep. Writing a reservation fired reservation_stats_apply, whose
-- `status IN (...)` lists (three or more constants against a value that is not an indexed
-- column) made SQLite build a temporary b-tree per list on every firing, and whose
-- INSERT ... SELECT is copied through one more temporary b-tree as soon as reservation_stats
-- has triggers of its own (0008). Each temporary b-tree is a small pager allocated and freed
-- again, which made this trigger the costliest part of storing a reservation.
--
-- Now: the statuses are ranges (integers, leerpool.booking.v1.ReservationStatus: 2..4, 3..5,
-- 7..8, and 2..8 without 6 are exactly the old lists); the row is one INSERT ... VALUES,
-- fired only for the statuses that contribute (the old WHERE); and emptying the delta table
-- is a trigger of its own, which fires for every delta row whatever its status. Both are
-- AFTER INSERT triggers on reservation_stats_delta; either order gives the same result, as
-- NEW is the inserted row's values, not a read of the table.
DROP TRIGGER reservation_stats_apply;

CREATE TRIGGER reservation_stats_apply AFTER INSERT ON reservation_stats_delta
WHEN NEW.status BETWEEN 2 AND 8 AND NEW.status <> 6
BEGIN
  INSERT INTO reservation_stats (
    day, listing_id, owner_organization_id, organization_id, active_count, completed_count,
    cancelled_count, no_show_count, reserved_minutes, used_minutes, learners_1, learners_2,
    learners_3, learners_4, learners_5, learners_total, learner_minutes_1, learner_minutes_2,
    learner_minutes_3, learner_minutes_4, learner_minutes_5, learner_minutes_total,
    revenue_cents)
  VALUES (
    -- day
    NEW.start_us / 86400000000,
    -- listing_id
    NEW.listing_id,
    -- owner_organization_id
    NEW.owner_organization_id,
    -- organization_id
    NEW.organization_id,
    -- active_count
    NEW.sign * (NEW.status BETWEEN 2 AND 4),
    -- completed_count
    NEW.sign * (NEW.status = 5),
    -- cancelled_count
    NEW.sign * (NEW.status = 7),
    -- no_show_count
    NEW.sign * (NEW.status = 8),
    -- reserved_minutes
    NEW.sign * CASE WHEN NEW.status BETWEEN 3 AND 5
      THEN (NEW.end_us - NEW.start_us) / 60000000 ELSE 0 END,
    -- used_minutes
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learners_1
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 1), 0)
      ELSE 0 END,
    -- learners_2
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 2), 0)
      ELSE 0 END,
    -- learners_3
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 3), 0)
      ELSE 0 END,
    -- learners_4
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 4), 0)
      ELSE 0 END,
    -- learners_5
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 5), 0)
      ELSE 0 END,
    -- learners_total
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')), 0)
      ELSE 0 END,
    -- learner_minutes_1
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 1), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learner_minutes_2
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 2), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learner_minutes_3
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 3), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learner_minutes_4
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 4), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learner_minutes_5
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')
        WHERE json_extract(value, '$[0]') = 5), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- learner_minutes_total
    NEW.sign * CASE WHEN NEW.status = 5 THEN
      coalesce((SELECT sum(json_extract(value, '$[1]'))
        FROM json_each(NEW.details, '$.learners_present')), 0)
      * max(0, coalesce(json_extract(NEW.details, '$.check_in_us')
                 - json_extract(NEW.details, '$.check_out_us'), 0) / 60000000)
      ELSE 0 END,
    -- revenue_cents
    NEW.sign * CASE WHEN NEW.status = 5 THEN coalesce(json_extract(NEW.details, '$.quote.total'), 0)
      WHEN NEW.status BETWEEN 7 AND 8
      THEN coalesce(json_extract(NEW.details, '$.cancel_fee'), 0) ELSE 0 END)
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
END;

CREATE TRIGGER reservation_stats_delta_clear AFTER INSERT ON reservation_stats_delta
BEGIN
  DELETE FROM reservation_stats_delta;
END;
