-- Messages to customers (notify): who agreed to them, what is to be sent, and the shop's gateway.
-- Times are epoch ms, hub time.

-- One per check-in whose customer ticked the consent box. Keyed by the follow token's hash, which the
-- ticket and the job made from it share; `job_id` is bound at the job's first event, so a follow link
-- reissued later (a lost ticket) keeps the job's messages. The phone is kept here only to address the
-- messages (it leaves the hub only to the shop's gateway). Without a row, or once opted out, nothing is sent.
CREATE TABLE notify_recipients (
  id                INTEGER PRIMARY KEY,
  follow_token_hash TEXT NOT NULL UNIQUE,
  ticket_id         INTEGER,
  job_id            TEXT,
  phone             TEXT NOT NULL,
  lang              TEXT NOT NULL,
  consented_at      INTEGER NOT NULL,
  opted_out_at      INTEGER
) STRICT;
CREATE INDEX notify_recipients_phone ON notify_recipients (phone);
CREATE INDEX notify_recipients_time ON notify_recipients (consented_at);
CREATE INDEX notify_recipients_job ON notify_recipients (job_id) WHERE job_id IS NOT NULL;

-- The outbox: a row is written in the same transaction as the event that causes it, and delivered
-- after COMMIT; it survives a restart, so a hub stopped mid-retry picks it up again. `id` is the
-- Idempotency-Key, the same on every attempt. `cause` makes a cause produce one message at most
-- (a delay is told once per job, a ready once per arrival at ready).
CREATE TABLE notify_outbox (
  seq             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  cause           TEXT NOT NULL UNIQUE,
  recipient_id    INTEGER NOT NULL REFERENCES notify_recipients(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('ticket-called', 'approval-needed', 'ready-for-pickup', 'delayed')),
  ref             TEXT NOT NULL,
  job_id          TEXT,
  -- The body as it is signed and sent (JSON), so every attempt sends the same bytes.
  body            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_error      TEXT,
  finished_at     INTEGER
) STRICT;
CREATE INDEX notify_outbox_due ON notify_outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX notify_outbox_done ON notify_outbox (finished_at) WHERE state <> 'queued';
CREATE INDEX notify_outbox_job ON notify_outbox (job_id);

-- The gateway as set in the admin console (overrides GLASSBAY_NOTIFY_WEBHOOK_URL/_SECRET). One row.
CREATE TABLE notify_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  webhook_url TEXT,
  secret      TEXT,
  updated_at  INTEGER NOT NULL
) STRICT;
