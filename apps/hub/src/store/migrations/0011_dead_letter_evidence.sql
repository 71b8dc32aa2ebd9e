-- Dead letters that keep the evidence [issue 13]. Before, every refusal was a row holding the
-- attacker's strings in full (a 60 kB client id each) under one global cap, so a flood of anonymous
-- connects both filled the disk and evicted every earlier dead letter. Now:
-- - one row per reason and source (the peer address when known, else the client id, else the
--   topic), with how often and between when; the first occurrence's sample is kept;
-- - attacker-chosen strings cut to a few hundred bytes (the repository cuts; here the old rows);
-- - a cap per reason, enforced by the repository, so one flood cannot evict the others.
CREATE TABLE dead_letters_v2 (
  id          INTEGER PRIMARY KEY,
  reason      TEXT NOT NULL,
  source_key  TEXT NOT NULL,
  source      TEXT NOT NULL,
  peer        TEXT,
  topic       TEXT,
  client_id   TEXT,
  detail      TEXT NOT NULL,
  -- The first sample's full size in bytes; at most its first 256 bytes are kept, as text.
  size        INTEGER NOT NULL,
  payload     TEXT,
  count       INTEGER NOT NULL DEFAULT 1,
  first_seen  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  UNIQUE (reason, source_key)
) STRICT;

INSERT INTO dead_letters_v2
  (reason, source_key, source, topic, client_id, detail, size, payload, count, first_seen, last_seen)
SELECT reason, substr(coalesce(client_id, topic, ''), 1, 200), min(source), substr(min(topic), 1, 256),
       substr(min(client_id), 1, 128), substr(min(detail), 1, 300), max(size), substr(min(payload), 1, 256),
       count(*), min(received_at), max(received_at)
  FROM dead_letters
 GROUP BY reason, substr(coalesce(client_id, topic, ''), 1, 200);

DROP TABLE dead_letters;
ALTER TABLE dead_letters_v2 RENAME TO dead_letters;
-- The per-reason cap keeps the most recently seen rows; retention deletes by last_seen.
CREATE INDEX dead_letters_reason_seen ON dead_letters (reason, last_seen);
CREATE INDEX dead_letters_seen ON dead_letters (last_seen);
