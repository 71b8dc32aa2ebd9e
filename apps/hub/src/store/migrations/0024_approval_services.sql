-- The menu services an extra item is (#17): a JSON array of service codes, empty for work off the menu.
-- Approved, their time joins the job's ETA.
ALTER TABLE job_approvals ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
