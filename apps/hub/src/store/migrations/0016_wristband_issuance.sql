-- Wristbands issued to technicians for a shift [GB-3.2.4]. A band's event counts for the technician
-- it was issued to at the event's time, never for a name in the payload; outside every issuance the
-- event is refused. An issuance ends at `ends_at` (the shift) or earlier when the band is returned or
-- issued to someone else (`returned_at`, never after `ends_at`). Who wore which band when is personal
-- data: an ended issuance is kept as long as the band events it attributes
-- (GLASSBAY_RETAIN_WRISTBAND_EVENTS_DAYS).
CREATE TABLE wristband_issues (
  id          INTEGER PRIMARY KEY,
  band_id     TEXT NOT NULL,
  tech        TEXT NOT NULL,
  issued_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL CHECK (ends_at > issued_at),
  returned_at INTEGER,
  issued_by   TEXT NOT NULL
) STRICT;
CREATE INDEX wristband_issues_band ON wristband_issues (band_id, issued_at);
-- Retention finds ended issuances by their end.
CREATE INDEX wristband_issues_end ON wristband_issues (COALESCE(returned_at, ends_at));
