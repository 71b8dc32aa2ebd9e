-- Foundation: bays, devices, live bay state, the sensor log and the dead-letter table.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE bays (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('bay-sensor', 'wristband', 'camera', 'gateway')),
  bay_id      TEXT REFERENCES bays(id) ON DELETE SET NULL,
  -- PBKDF2-SHA512 in Mosquitto's $7$ format, so one hash serves both brokers.
  secret_hash TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  online      INTEGER NOT NULL DEFAULT 0,
  battery     REAL,
  firmware    TEXT,
  last_seen   INTEGER,
  -- Highest reading sequence accepted since the device last came online [GB-3.1.3].
  last_seq    INTEGER
) STRICT;

-- The live state of a bay as the sensors report it; `since` is when `occupied` last changed (hub time).
CREATE TABLE bay_state (
  bay_id     TEXT PRIMARY KEY REFERENCES bays(id) ON DELETE CASCADE,
  occupied   INTEGER,
  lift       TEXT,
  door       TEXT,
  since      INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sensor_readings (
  id          INTEGER PRIMARY KEY,
  device_id   TEXT NOT NULL,
  bay_id      TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  device_ts   INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  occupied    INTEGER,
  lift        TEXT,
  door        TEXT
) STRICT;
CREATE INDEX sensor_readings_bay_time ON sensor_readings (bay_id, received_at);

CREATE TABLE dead_letters (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  source      TEXT NOT NULL,
  topic       TEXT,
  client_id   TEXT,
  reason      TEXT NOT NULL,
  detail      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  -- At most the first 2 KiB, as text; the rest is not kept.
  payload     TEXT
) STRICT;
CREATE INDEX dead_letters_time ON dead_letters (received_at);
