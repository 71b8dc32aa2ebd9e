-- The KPIs (issue 18): the ETA promised at check-in, the bays' occupancy history, and the indexes the
-- KPI queries read by. Times are epoch ms, hub time.

-- promised_at is revised when a job is re-promised; the on-time rate judges the promise made at
-- check-in. Jobs from before this migration take their current promise, the best the record holds.
ALTER TABLE jobs ADD COLUMN checkin_promised_at INTEGER;
UPDATE jobs SET checkin_promised_at = promised_at;

-- When a car stood on a bay, as the sensors saw it: [from_at, to_at), to_at NULL while it is there.
-- Written by the triggers below whenever bay_state's occupied changes (the bays service writes
-- bay_state only on a change), so the reading path gains no statement and sensor_readings needs no
-- index. A few rows per bay per day: kept, like the jobs they are read with.
CREATE TABLE bay_occupancy (
  id      INTEGER PRIMARY KEY,
  bay_id  TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  to_at   INTEGER
) STRICT;
CREATE INDEX bay_occupancy_time ON bay_occupancy (from_at);
CREATE INDEX bay_occupancy_open ON bay_occupancy (bay_id) WHERE to_at IS NULL;

INSERT INTO bay_occupancy (bay_id, from_at)
  SELECT bay_id, coalesce(since, updated_at) FROM bay_state WHERE occupied = 1;

CREATE TRIGGER bay_occupancy_insert AFTER INSERT ON bay_state WHEN NEW.occupied = 1
BEGIN
  INSERT INTO bay_occupancy (bay_id, from_at) VALUES (NEW.bay_id, coalesce(NEW.since, NEW.updated_at));
END;

-- A car leaving (or the sensor no longer knowing) closes the open interval; a car arriving opens one.
CREATE TRIGGER bay_occupancy_update AFTER UPDATE OF occupied ON bay_state
  WHEN OLD.occupied IS NOT NEW.occupied
BEGIN
  UPDATE bay_occupancy SET to_at = coalesce(NEW.since, NEW.updated_at) WHERE bay_id = NEW.bay_id AND to_at IS NULL;
  INSERT INTO bay_occupancy (bay_id, from_at)
    SELECT NEW.bay_id, coalesce(NEW.since, NEW.updated_at) WHERE NEW.occupied = 1;
END;

-- The KPI queries select by check-in time (jobs, tickets), find a car's earlier jobs (comebacks),
-- a job's first ready and delivered (stage changes only), a ticket's calls, and one step's timings.
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_plate ON jobs (plate, created_at);
CREATE INDEX job_events_stages ON job_events (job_id, stage, at) WHERE event IS NULL;
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX queue_events_ticket ON queue_events (ticket_id, kind, at);
CREATE INDEX step_timings_step ON step_timings (step_code, ended_at);
-- Counting a month's judged steps per day and technician reads only this index, not the table's rows.
CREATE INDEX step_timings_kpi ON step_timings (ended_at, verdict, tech, job_id);
