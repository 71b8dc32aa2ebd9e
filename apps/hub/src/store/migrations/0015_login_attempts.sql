-- Staff sign-in limits (domain/login-limits.ts). `login_attempts` holds the attempts of the window that
-- count: pending (state NULL, being hashed) and failed (0); a refused try is deleted at once, a success
-- clears its account and source. `login_failures` is the admins' audit list of failed sign-ins, the
-- last 2,000 kept (a flood must not grow the file without bound).
CREATE TABLE login_attempts (
  id       INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  source   TEXT NOT NULL,
  at       INTEGER NOT NULL,
  state    INTEGER
) STRICT;
CREATE INDEX login_attempts_user ON login_attempts (username, at);
CREATE INDEX login_attempts_source ON login_attempts (source, at);

CREATE TABLE login_failures (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  username TEXT NOT NULL,
  source   TEXT NOT NULL,
  reason   TEXT NOT NULL CHECK (reason IN ('wrong-password', 'unknown-user', 'slowed', 'busy'))
) STRICT;
