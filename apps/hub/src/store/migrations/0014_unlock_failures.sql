-- Wrong lounge codes (UNLOCK_LIMITS in the protocol), per key ("job:<id>" or "source:<address>"),
-- kept in the database so a restart does not hand out fresh tries. Pruned after the window (an hour).
CREATE TABLE unlock_failures (
  key TEXT NOT NULL,
  at  INTEGER NOT NULL
) STRICT;
CREATE INDEX unlock_failures_key ON unlock_failures (key, at);
