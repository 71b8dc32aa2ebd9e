-- Repair jobs: the service menu, jobs with their timeline and approvals, and bay notices (a sensor
-- reading that contradicts the jobs). Times are epoch ms, hub time.

-- The shop's menu. `code` is the stable key: tickets, jobs and SOPs (operation standards) refer to it.
CREATE TABLE services (
  code             TEXT PRIMARY KEY,
  category         TEXT NOT NULL CHECK (category IN ('maintenance', 'repair', 'tyres', 'inspection')),
  name_zh          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  -- Standard duration of the whole service on the bay: the base of every ETA.
  standard_minutes INTEGER NOT NULL CHECK (standard_minutes > 0),
  position         INTEGER NOT NULL,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Realistic defaults a shop edits: durations are flat-rate times of a mid-size car.
INSERT INTO services (code, category, name_zh, name_en, standard_minutes, position) VALUES
  ('oil-change',        'maintenance', '常规保养（机油机滤）', 'Oil and filter change',        60, 10),
  ('major-service',     'maintenance', '大保养（含空滤、空调滤）', 'Major service (all filters)', 120, 20),
  ('brake-pads',        'repair',      '刹车片更换',           'Brake pad replacement',        90, 30),
  ('brake-fluid',       'maintenance', '刹车油更换',           'Brake fluid change',           45, 40),
  ('tyre-rotation',     'tyres',       '轮胎换位',             'Tyre rotation',                30, 50),
  ('tyre-replacement',  'tyres',       '轮胎更换（含动平衡）', 'Tyre replacement and balance', 60, 60),
  ('wheel-alignment',   'tyres',       '四轮定位',             'Wheel alignment',              45, 70),
  ('ac-service',        'maintenance', '空调保养（清洗、加氟）', 'Air-conditioning service',     60, 80),
  ('battery',           'repair',      '蓄电池检测与更换',     'Battery test and replacement', 30, 90),
  ('inspection',        'inspection',  '全车检测',             'Multi-point inspection',       45, 100),
  ('diagnosis',         'repair',      '故障诊断 / 一般维修',  'Diagnosis and general repair', 120, 110),
  ('car-wash',          'maintenance', '洗车',                 'Car wash',                     20, 120);

CREATE TABLE jobs (
  id                INTEGER PRIMARY KEY,
  -- What the customer knows: the ticket number (A012) or the hub's own (J001) for a desk-made job.
  code              TEXT NOT NULL,
  plate             TEXT NOT NULL,
  model             TEXT,
  colour            TEXT,
  mileage_km        INTEGER,
  customer_phone    TEXT,
  customer_name     TEXT,
  -- JSON array of service codes, in the order chosen.
  services          TEXT NOT NULL,
  complaint         TEXT,
  bay_id            TEXT REFERENCES bays(id) ON DELETE SET NULL,
  technician        TEXT,
  stage             TEXT NOT NULL,
  stage_since       INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  promised_at       INTEGER,
  -- SHA-256 of the customer's follow token; the token itself is never stored.
  follow_token_hash TEXT UNIQUE,
  -- Where the job came from, as the queue module knows it (no foreign key: the queue owns those rows).
  ticket_id         INTEGER,
  customer_id       INTEGER,
  vehicle_id        INTEGER,
  rating_stars      INTEGER CHECK (rating_stars BETWEEN 1 AND 5),
  rating_comment    TEXT,
  rated_at          INTEGER,
  -- Set when the job reaches delivered or cancelled: the follow link expires a grace period later.
  closed_at         INTEGER
) STRICT;
CREATE INDEX jobs_open ON jobs (closed_at, created_at);
CREATE INDEX jobs_bay ON jobs (bay_id) WHERE closed_at IS NULL;

-- The timeline: every stage change and every event worth recording, with who or what did it.
CREATE TABLE job_events (
  id         INTEGER PRIMARY KEY,
  job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  stage      TEXT NOT NULL,
  -- NULL for a change of stage; otherwise what happened (car-on-bay, bay-freed, approval-…).
  event      TEXT,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'sensor', 'customer', 'system')),
  actor_id   TEXT,
  actor_name TEXT,
  note       TEXT
) STRICT;
CREATE INDEX job_events_job ON job_events (job_id, id);

CREATE TABLE job_approvals (
  id           INTEGER PRIMARY KEY,
  job_id       INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  description  TEXT NOT NULL,
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined')),
  requested_at INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  decided_at   INTEGER
) STRICT;
CREATE INDEX job_approvals_job ON job_approvals (job_id);

CREATE TABLE bay_notices (
  id          INTEGER PRIMARY KEY,
  bay_id      TEXT NOT NULL REFERENCES bays(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('car-without-job', 'car-left-in-service')),
  job_id      INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  opened_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT,
  note        TEXT
) STRICT;
CREATE INDEX bay_notices_open ON bay_notices (bay_id) WHERE resolved_at IS NULL;
