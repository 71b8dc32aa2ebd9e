-- Comebacks flagged at check-in (issue 18, item 6): the ticket carries what the advisor is shown at
-- the desk, the job carries its tag for quality review (JSON of ComebackTag; NULL: not a comeback).
-- Kept as long as the ticket and the job they describe.
ALTER TABLE tickets ADD COLUMN comeback TEXT;
ALTER TABLE jobs ADD COLUMN comeback TEXT;
-- The quality-review filter reads only the tagged jobs.
CREATE INDEX jobs_comeback ON jobs (created_at) WHERE comeback IS NOT NULL;
