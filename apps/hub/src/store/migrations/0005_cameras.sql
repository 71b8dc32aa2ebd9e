-- Cameras, one or more per bay. The hub pulls each enabled camera's input with ffmpeg; recordings
-- live on disk under <dataDir>/media/<camera id>/, not in this file.

CREATE TABLE cameras (
  id         TEXT PRIMARY KEY,
  -- A camera outlives its bay's removal (it keeps recording until re-assigned or removed).
  bay_id     TEXT REFERENCES bays(id) ON DELETE SET NULL,
  name       TEXT NOT NULL,
  -- What ffmpeg opens: rtsp://user:pass@ip/stream, or any network input it reads (tcp, http, srt…).
  input_url  TEXT NOT NULL,
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cameras_bay ON cameras (bay_id);
