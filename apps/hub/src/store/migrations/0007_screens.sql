-- Paired screens (kiosks, boards) and the codes of screens waiting to be paired. A screen's
-- credential is stored only as its SHA-256; a removed screen keeps its row (revoked_at) so the hub
-- can tell it apart from one it never knew.

CREATE TABLE screens (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('check-in', 'queue-board', 'lounge-board', 'bay-board')),
  -- NULL between approval and the screen collecting its credential.
  credential_hash TEXT UNIQUE,
  shell_version   TEXT NOT NULL,
  paired_at       INTEGER NOT NULL,
  paired_by       INTEGER REFERENCES staff_users(id) ON DELETE SET NULL,
  revoked_at      INTEGER,
  last_seen_at    INTEGER,
  last_address    TEXT,
  -- The last health report (ScreenHealth as JSON) and when it arrived.
  health_json     TEXT,
  health_at       INTEGER
) STRICT;
CREATE UNIQUE INDEX screens_name_current ON screens (lower(name)) WHERE revoked_at IS NULL;

CREATE TABLE screen_pairings (
  code           TEXT PRIMARY KEY,
  requested_role TEXT NOT NULL CHECK (requested_role IN ('check-in', 'queue-board', 'lounge-board', 'bay-board')),
  shell_version  TEXT NOT NULL,
  address        TEXT,
  requested_at   INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  -- Set by the approval; the row is deleted when the screen collects its credential.
  screen_id      TEXT REFERENCES screens(id) ON DELETE CASCADE
) STRICT;
