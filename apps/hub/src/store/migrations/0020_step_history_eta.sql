-- The learned ETA (#17) reads each SOP step's recent finished timings: by step, newest first.
-- No new data is kept (step_timings has its retention already); this is only the index it reads by.
CREATE INDEX step_timings_learned ON step_timings (service_code, step_code, ended_at) WHERE status = 'done';
