-- The KPIs' per-day step counts (issue 18): judged steps per local day and technician, kept by the
-- triggers below in the same transaction as the step_timings write that changes them, so the
-- dashboard and the year's charts read a few rows per day instead of every step (a busy shop's
-- month is ~140k steps). Derived data: the kpi module rebuilds it from step_timings whenever the
-- shop's UTC offset differs from the one it was counted in (kpi_step_days_tz). No retention of its
-- own: a delete of step timings deletes their counts (the last trigger), so it keeps what they keep.

-- One row: the offset (ms east of UTC) the days below are local to.
CREATE TABLE kpi_step_days_tz (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  offset_ms INTEGER NOT NULL
) STRICT;
INSERT INTO kpi_step_days_tz (id, offset_ms) VALUES (1, 0);

-- day_at: epoch ms of the local midnight; counts of steps judged ok, short or overrun that ended then.
CREATE TABLE kpi_step_days (
  day_at  INTEGER NOT NULL,
  tech    TEXT NOT NULL,
  n       INTEGER NOT NULL,
  short   INTEGER NOT NULL,
  overrun INTEGER NOT NULL,
  PRIMARY KEY (day_at, tech)
) STRICT, WITHOUT ROWID;

-- The short steps themselves are few (a few per cent): their jobs are read from step_timings.
CREATE INDEX step_timings_short ON step_timings (ended_at, tech, job_id) WHERE verdict = 'short';

-- A step counts when it has an end and a verdict of ok, short or overrun (as the KPI queries did).
-- The day expression is the repository's dayOf, with the stored offset.
CREATE TRIGGER kpi_step_days_insert AFTER INSERT ON step_timings
  WHEN NEW.ended_at IS NOT NULL AND NEW.verdict IN ('ok', 'short', 'overrun')
BEGIN
  INSERT INTO kpi_step_days (day_at, tech, n, short, overrun)
    SELECT ((NEW.ended_at + offset_ms) / 86400000) * 86400000 - offset_ms, NEW.tech, 1,
      NEW.verdict = 'short', NEW.verdict = 'overrun'
    FROM kpi_step_days_tz WHERE true -- (an upsert's SELECT needs a WHERE: SQLite's parsing rule)
  ON CONFLICT (day_at, tech) DO UPDATE SET n = n + 1, short = short + excluded.short, overrun = overrun + excluded.overrun;
END;

CREATE TRIGGER kpi_step_days_update_old AFTER UPDATE OF ended_at, verdict, tech ON step_timings
  WHEN OLD.ended_at IS NOT NULL AND OLD.verdict IN ('ok', 'short', 'overrun')
BEGIN
  UPDATE kpi_step_days SET n = n - 1, short = short - (OLD.verdict = 'short'), overrun = overrun - (OLD.verdict = 'overrun')
    WHERE day_at = (SELECT ((OLD.ended_at + offset_ms) / 86400000) * 86400000 - offset_ms FROM kpi_step_days_tz)
      AND tech = OLD.tech;
END;

CREATE TRIGGER kpi_step_days_update_new AFTER UPDATE OF ended_at, verdict, tech ON step_timings
  WHEN NEW.ended_at IS NOT NULL AND NEW.verdict IN ('ok', 'short', 'overrun')
BEGIN
  INSERT INTO kpi_step_days (day_at, tech, n, short, overrun)
    SELECT ((NEW.ended_at + offset_ms) / 86400000) * 86400000 - offset_ms, NEW.tech, 1,
      NEW.verdict = 'short', NEW.verdict = 'overrun'
    FROM kpi_step_days_tz WHERE true -- (an upsert's SELECT needs a WHERE: SQLite's parsing rule)
  ON CONFLICT (day_at, tech) DO UPDATE SET n = n + 1, short = short + excluded.short, overrun = overrun + excluded.overrun;
END;

-- Deleting steps (a retention sweep) deletes their counts: a technician's day goes with its steps.
CREATE TRIGGER kpi_step_days_delete AFTER DELETE ON step_timings
  WHEN OLD.ended_at IS NOT NULL AND OLD.verdict IN ('ok', 'short', 'overrun')
BEGIN
  UPDATE kpi_step_days SET n = n - 1, short = short - (OLD.verdict = 'short'), overrun = overrun - (OLD.verdict = 'overrun')
    WHERE day_at = (SELECT ((OLD.ended_at + offset_ms) / 86400000) * 86400000 - offset_ms FROM kpi_step_days_tz)
      AND tech = OLD.tech;
  DELETE FROM kpi_step_days WHERE n = 0 AND tech = OLD.tech
    AND day_at = (SELECT ((OLD.ended_at + offset_ms) / 86400000) * 86400000 - offset_ms FROM kpi_step_days_tz);
END;

-- Steps already stored, counted at offset 0; the kpi module recounts them at the shop's offset.
INSERT INTO kpi_step_days (day_at, tech, n, short, overrun)
  SELECT (ended_at / 86400000) * 86400000, tech, count(*), sum(verdict = 'short'), sum(verdict = 'overrun')
  FROM step_timings WHERE ended_at IS NOT NULL AND verdict IN ('ok', 'short', 'overrun')
  GROUP BY 1, 2;
