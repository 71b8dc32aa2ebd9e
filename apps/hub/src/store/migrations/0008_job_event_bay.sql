-- Each job event remembers the bay the job was assigned to at that moment, so the job's bay history
-- can be read back: a customer's viewing token opens the camera of the bay their car was on at the
-- footage's time, also after the car moved to another bay. NULL: no bay, or an event from before.
ALTER TABLE job_events ADD COLUMN bay_id TEXT;
-- Which jobs were on a bay: checked on every video request of a customer (cars that share a bay).
CREATE INDEX job_events_bay ON job_events (bay_id, job_id);
