-- The KPIs' per-day ticket sums (issue 18): walk-in waits, times at the desk and no-shows per local
-- day of check-in, kept by the triggers below in the same transaction as the write that changes them,
-- so the dashboard reads a row per day instead of a month's tickets and their calls (~50k tickets,
-- ~100k calls: most of its remaining time). Local to kpi_step_days_tz's offset, recounted with the
-- step counts by the kpi module when the shop's offset differs. Derived data: no retention of its own
-- (a deleted ticket takes its share with it). The sums are those of the repository's ticket query:
-- a walk-in's wait is its first call minus check-in; the desk time is a served ticket's close minus
-- its last call or recall; no-shows out of tickets served or no-show.
CREATE TABLE kpi_ticket_days (
  day_at      INTEGER PRIMARY KEY,
  wait_n      INTEGER NOT NULL,
  wait_ms     INTEGER NOT NULL,
  -- Sum of squared waits in minutes (the wait chart's spread).
  wait_sq_min REAL NOT NULL,
  desk_n      INTEGER NOT NULL,
  desk_ms     INTEGER NOT NULL,
  closed_n    INTEGER NOT NULL,
  no_show_n   INTEGER NOT NULL
) STRICT;

-- One ticket's share of its day, from the tables as they are at the moment it is read: a trigger
-- takes it away before a write and adds it back after.
CREATE VIEW kpi_ticket_share AS
SELECT ticket_id, ((created_at + offset_ms) / 86400000) * 86400000 - offset_ms AS day_at,
  walk_in AND first_call IS NOT NULL AS wait_n,
  CASE WHEN walk_in AND first_call IS NOT NULL THEN first_call - created_at ELSE 0 END AS wait_ms,
  CASE WHEN walk_in AND first_call IS NOT NULL
    THEN ((first_call - created_at) / 60000.0) * ((first_call - created_at) / 60000.0) ELSE 0 END AS wait_sq_min,
  status = 'served' AND last_call IS NOT NULL AND closed_at IS NOT NULL AS desk_n,
  CASE WHEN status = 'served' AND last_call IS NOT NULL AND closed_at IS NOT NULL
    THEN closed_at - last_call ELSE 0 END AS desk_ms,
  status IN ('served', 'no-show') AS closed_n,
  status = 'no-show' AS no_show_n
FROM (
  SELECT t.id AS ticket_id, t.created_at, t.appointment_id IS NULL AS walk_in, t.status, t.closed_at, z.offset_ms,
    (SELECT min(at) FROM queue_events e WHERE e.ticket_id = t.id AND e.kind = 'call') AS first_call,
    (SELECT max(at) FROM queue_events e WHERE e.ticket_id = t.id AND e.kind IN ('call', 'recall')) AS last_call
  FROM tickets t, kpi_step_days_tz z
);

CREATE TRIGGER kpi_ticket_days_insert AFTER INSERT ON tickets
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, wait_n, wait_ms, wait_sq_min, desk_n, desk_ms, closed_n, no_show_n
    FROM kpi_ticket_share WHERE ticket_id = NEW.id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

-- BEFORE triggers here write only kpi_ticket_days, never the row being written (SQLite's rule).
CREATE TRIGGER kpi_ticket_days_update_before BEFORE UPDATE OF created_at, appointment_id, status, closed_at ON tickets
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, -wait_n, -wait_ms, -wait_sq_min, -desk_n, -desk_ms, -closed_n, -no_show_n
    FROM kpi_ticket_share WHERE ticket_id = OLD.id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

CREATE TRIGGER kpi_ticket_days_update_after AFTER UPDATE OF created_at, appointment_id, status, closed_at ON tickets
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, wait_n, wait_ms, wait_sq_min, desk_n, desk_ms, closed_n, no_show_n
    FROM kpi_ticket_share WHERE ticket_id = NEW.id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

CREATE TRIGGER kpi_ticket_days_delete BEFORE DELETE ON tickets
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, -wait_n, -wait_ms, -wait_sq_min, -desk_n, -desk_ms, -closed_n, -no_show_n
    FROM kpi_ticket_share WHERE ticket_id = OLD.id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

-- A call or recall moves its ticket's first or last call. Queue events are only ever inserted (and
-- deleted with their ticket, whose share the trigger above has already taken away).
CREATE TRIGGER kpi_ticket_days_call_before BEFORE INSERT ON queue_events WHEN NEW.kind IN ('call', 'recall')
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, -wait_n, -wait_ms, -wait_sq_min, -desk_n, -desk_ms, -closed_n, -no_show_n
    FROM kpi_ticket_share WHERE ticket_id = NEW.ticket_id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

CREATE TRIGGER kpi_ticket_days_call_after AFTER INSERT ON queue_events WHEN NEW.kind IN ('call', 'recall')
BEGIN
  INSERT INTO kpi_ticket_days SELECT day_at, wait_n, wait_ms, wait_sq_min, desk_n, desk_ms, closed_n, no_show_n
    FROM kpi_ticket_share WHERE ticket_id = NEW.ticket_id
  ON CONFLICT (day_at) DO UPDATE SET wait_n = wait_n + excluded.wait_n, wait_ms = wait_ms + excluded.wait_ms,
    wait_sq_min = wait_sq_min + excluded.wait_sq_min, desk_n = desk_n + excluded.desk_n,
    desk_ms = desk_ms + excluded.desk_ms, closed_n = closed_n + excluded.closed_n, no_show_n = no_show_n + excluded.no_show_n;
END;

INSERT INTO kpi_ticket_days
  SELECT day_at, sum(wait_n), sum(wait_ms), sum(wait_sq_min), sum(desk_n), sum(desk_ms), sum(closed_n), sum(no_show_n)
  FROM kpi_ticket_share WHERE true GROUP BY day_at;
