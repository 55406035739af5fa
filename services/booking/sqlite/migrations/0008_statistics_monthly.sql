-- Month rollups of reservation_stats, so that the whole UTC months of a period are read from
-- a few narrow rows instead of one wide row per (day, listing, owner, borrower). A school
-- borrows a listing about once a month, so a rollup keyed by the borrower hardly shrinks:
-- the sums therefore go per (month, listing, owner), and the borrowers, which only distinct
-- and cross-border organisations and hours per borrower need, into a table of two numbers.
-- The ids are small integers from stats_keys, which keeps those rows a few bytes wide and
-- lets the reader add them up without string keys.
--
-- Triggers on reservation_stats keep both in the transaction of every change: migration
-- 0007's triggers only ever add to a reservation_stats row (an insert or the update of an
-- upsert, never a delete or a new key), so NEW - OLD is exactly what the change added.
-- `month` is the UTC day (days since 1970-01-01) the month starts on.

-- Every listing and organisation id the aggregates have seen; never deleted, so a key_id
-- once read means the same id for ever.
CREATE TABLE stats_keys (
  key_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE
);

CREATE TABLE stats_month_totals (
  month INTEGER NOT NULL,
  listing_key INTEGER NOT NULL,
  owner_key INTEGER NOT NULL,
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
  PRIMARY KEY (month, listing_key, owner_key)
) WITHOUT ROWID;

-- Only completed use: rows appear when a completed reservation is counted (held, pending,
-- cancelled and no-show ones add nothing here) and may later fall back to zeros.
CREATE TABLE stats_month_use (
  month INTEGER NOT NULL,
  listing_key INTEGER NOT NULL,
  owner_key INTEGER NOT NULL,
  borrower_key INTEGER NOT NULL,
  completed_count INTEGER NOT NULL,
  used_minutes INTEGER NOT NULL,
  PRIMARY KEY (month, listing_key, owner_key, borrower_key)
) WITHOUT ROWID;

CREATE TRIGGER stats_month_on_insert AFTER INSERT ON reservation_stats
BEGIN
  INSERT INTO stats_keys (key)
  VALUES (NEW.listing_id), (NEW.owner_organization_id), (NEW.organization_id)
  ON CONFLICT (key) DO NOTHING;
  INSERT INTO stats_month_totals
  SELECT NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
         (SELECT key_id FROM stats_keys WHERE key = NEW.listing_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.owner_organization_id),
         NEW.active_count, NEW.completed_count, NEW.cancelled_count, NEW.no_show_count,
         NEW.reserved_minutes, NEW.used_minutes, NEW.learners_1, NEW.learners_2,
         NEW.learners_3, NEW.learners_4, NEW.learners_5, NEW.learners_total,
         NEW.learner_minutes_1, NEW.learner_minutes_2, NEW.learner_minutes_3,
         NEW.learner_minutes_4, NEW.learner_minutes_5, NEW.learner_minutes_total,
         NEW.revenue_cents
  WHERE true
  ON CONFLICT (month, listing_key, owner_key) DO UPDATE SET
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
  INSERT INTO stats_month_use
  SELECT NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
         (SELECT key_id FROM stats_keys WHERE key = NEW.listing_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.owner_organization_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.organization_id),
         NEW.completed_count, NEW.used_minutes
  WHERE NEW.completed_count != 0 OR NEW.used_minutes != 0
  ON CONFLICT (month, listing_key, owner_key, borrower_key) DO UPDATE SET
    completed_count = completed_count + excluded.completed_count,
    used_minutes = used_minutes + excluded.used_minutes;
END;

-- The keys of an updated row were stored by its insert.
CREATE TRIGGER stats_month_on_update AFTER UPDATE ON reservation_stats
BEGIN
  INSERT INTO stats_month_totals
  SELECT NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
         (SELECT key_id FROM stats_keys WHERE key = NEW.listing_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.owner_organization_id),
         NEW.active_count - OLD.active_count, NEW.completed_count - OLD.completed_count,
         NEW.cancelled_count - OLD.cancelled_count, NEW.no_show_count - OLD.no_show_count,
         NEW.reserved_minutes - OLD.reserved_minutes, NEW.used_minutes - OLD.used_minutes,
         NEW.learners_1 - OLD.learners_1, NEW.learners_2 - OLD.learners_2,
         NEW.learners_3 - OLD.learners_3, NEW.learners_4 - OLD.learners_4,
         NEW.learners_5 - OLD.learners_5, NEW.learners_total - OLD.learners_total,
         NEW.learner_minutes_1 - OLD.learner_minutes_1,
         NEW.learner_minutes_2 - OLD.learner_minutes_2,
         NEW.learner_minutes_3 - OLD.learner_minutes_3,
         NEW.learner_minutes_4 - OLD.learner_minutes_4,
         NEW.learner_minutes_5 - OLD.learner_minutes_5,
         NEW.learner_minutes_total - OLD.learner_minutes_total,
         NEW.revenue_cents - OLD.revenue_cents
  WHERE true
  ON CONFLICT (month, listing_key, owner_key) DO UPDATE SET
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
  INSERT INTO stats_month_use
  SELECT NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
         (SELECT key_id FROM stats_keys WHERE key = NEW.listing_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.owner_organization_id),
         (SELECT key_id FROM stats_keys WHERE key = NEW.organization_id),
         NEW.completed_count - OLD.completed_count, NEW.used_minutes - OLD.used_minutes
  WHERE NEW.completed_count != OLD.completed_count OR NEW.used_minutes != OLD.used_minutes
  ON CONFLICT (month, listing_key, owner_key, borrower_key) DO UPDATE SET
    completed_count = completed_count + excluded.completed_count,
    used_minutes = used_minutes + excluded.used_minutes;
END;

-- Aggregates stored before this migration.
INSERT INTO stats_keys (key)
SELECT listing_id FROM reservation_stats
UNION SELECT owner_organization_id FROM reservation_stats
UNION SELECT organization_id FROM reservation_stats;
INSERT INTO stats_month_totals
SELECT s.day - CAST(strftime('%d', s.day * 86400, 'unixepoch') AS INTEGER) + 1, l.key_id,
       o.key_id, sum(active_count), sum(completed_count), sum(cancelled_count),
       sum(no_show_count), sum(reserved_minutes), sum(used_minutes), sum(learners_1),
       sum(learners_2), sum(learners_3), sum(learners_4), sum(learners_5), sum(learners_total),
       sum(learner_minutes_1), sum(learner_minutes_2), sum(learner_minutes_3),
       sum(learner_minutes_4), sum(learner_minutes_5), sum(learner_minutes_total),
       sum(revenue_cents)
FROM reservation_stats AS s
JOIN stats_keys AS l ON l.key = s.listing_id
JOIN stats_keys AS o ON o.key = s.owner_organization_id
GROUP BY 1, 2, 3;
INSERT INTO stats_month_use
SELECT s.day - CAST(strftime('%d', s.day * 86400, 'unixepoch') AS INTEGER) + 1, l.key_id,
       o.key_id, b.key_id, sum(completed_count), sum(used_minutes)
FROM reservation_stats AS s
JOIN stats_keys AS l ON l.key = s.listing_id
JOIN stats_keys AS o ON o.key = s.owner_organization_id
JOIN stats_keys AS b ON b.key = s.organization_id
GROUP BY 1, 2, 3, 4
HAVING sum(completed_count) != 0 OR sum(used_minutes) != 0;
