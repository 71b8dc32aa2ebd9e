-- From an alert to the video (issue 18, item 3): a technician's answer may attach the recording of
-- the alert's step, stored as the window of footage it names (epoch ms; NULL on every other action).
-- The footage itself stays in the recording ring (GLASSBAY_MEDIA_MAX_HOURS); the row goes with its alert.
ALTER TABLE wristband_alert_actions ADD COLUMN clip_from INTEGER;
ALTER TABLE wristband_alert_actions ADD COLUMN clip_to INTEGER;
