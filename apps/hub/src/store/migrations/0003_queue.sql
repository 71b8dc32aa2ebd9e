-- The walk-in queue: customers and their cars, past visits and the due-maintenance rules, lanes and
-- desks, tickets and their calls, bookings, and the returning-customer lookup's attempts.
-- Times are epoch ms, hub time.

-- A customer is a phone number: what the kiosk asks and the desk calls back. Stored as typed
-- (normalised), because advisors need to call it; never sent to a public screen.
CREATE TABLE customers (
  id         INTEGER PRIMARY KEY,
  phone      TEXT NOT NULL UNIQUE,
  name       TEXT,
  lang       TEXT NOT NULL DEFAULT 'zh-CN',
  created_at INTEGER NOT NULL
) STRICT;

-- A car, by its normalised plate. `customer_id` is whoever checked it in last.
CREATE TABLE vehicles (
  id          INTEGER PRIMARY KEY,
  plate       TEXT NOT NULL UNIQUE,
  plate_kind  TEXT NOT NULL CHECK (plate_kind IN ('cn-standard', 'cn-new-energy', 'latin')),
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  model       TEXT,
  colour      TEXT,
  -- Highest odometer reading on record and when it was taken.
  mileage_km  INTEGER,
  mileage_at  INTEGER,
  created_at  INTEGER NOT NULL
) STRICT;

-- What was done to a car and when: the base of "5,400 km since the last oil change".
CREATE TABLE visits (
  id         INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  mileage_km INTEGER,
  -- JSON array of service codes (the menu's).
  services   TEXT NOT NULL,
  -- The ticket it came from; NULL for history imported from another system.
  ticket_id  INTEGER,
  note       TEXT
) STRICT;
CREATE INDEX visits_vehicle ON visits (vehicle_id, at);

-- The shop's rules: a service is due every so many km and/or months since it was last done.
CREATE TABLE maintenance_rules (
  code          TEXT PRIMARY KEY,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  -- JSON array: any of these services counts as having done it.
  service_codes TEXT NOT NULL,
  every_km      INTEGER CHECK (every_km > 0),
  every_months  INTEGER CHECK (every_months > 0),
  position      INTEGER NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (every_km IS NOT NULL OR every_months IS NOT NULL)
) STRICT;

INSERT INTO maintenance_rules (code, name_zh, name_en, service_codes, every_km, every_months, position) VALUES
  ('engine-oil',    '机油机滤',   'Engine oil and filter',    '["oil-change","major-service"]',        5000,  6,  10),
  ('brake-fluid',   '刹车油',     'Brake fluid',              '["brake-fluid"]',                       NULL,  24, 20),
  ('tyre-rotation', '轮胎换位',   'Tyre rotation',            '["tyre-rotation","tyre-replacement"]',  10000, NULL, 30),
  ('air-filters',   '空滤与空调滤', 'Air and cabin filters',  '["major-service"]',                     20000, 12, 40),
  ('air-con',       '空调保养',   'Air-conditioning service', '["ac-service"]',                        NULL,  12, 50);

-- Service lanes: each numbers its tickets with its own letter. A check-in joins the lane of lowest
-- precedence among those taking any category it chose.
CREATE TABLE lanes (
  id               TEXT PRIMARY KEY,
  prefix           TEXT NOT NULL UNIQUE CHECK (length(prefix) = 1 AND prefix GLOB '[A-Z]'),
  name_zh          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  -- JSON array of service categories.
  categories       TEXT NOT NULL,
  precedence       INTEGER NOT NULL,
  -- Standard time at the desk per customer: the estimate's base until there are recent services.
  desk_minutes     INTEGER NOT NULL CHECK (desk_minutes > 0),
  position         INTEGER NOT NULL,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO lanes (id, prefix, name_zh, name_en, categories, precedence, desk_minutes, position) VALUES
  ('maintenance', 'A', '保养', 'Maintenance',         '["maintenance"]',          2, 6,  1),
  ('repair',      'B', '维修 · 检测', 'Repair & inspection', '["repair","inspection"]', 1, 10, 2),
  ('tyres',       'C', '轮胎', 'Tyres',               '["tyres"]',                3, 5,  3);

CREATE TABLE desks (
  id        TEXT PRIMARY KEY,
  number    INTEGER NOT NULL UNIQUE CHECK (number > 0),
  name_zh   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  -- Who holds the desk now; NULL when closed.
  staff_id  INTEGER REFERENCES staff_users(id) ON DELETE SET NULL,
  opened_at INTEGER
) STRICT;

CREATE TABLE desk_lanes (
  desk_id TEXT NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
  lane_id TEXT NOT NULL REFERENCES lanes(id) ON DELETE CASCADE,
  PRIMARY KEY (desk_id, lane_id)
) STRICT;

INSERT INTO desks (id, number, name_zh, name_en) VALUES
  ('desk-1', 1, '1号服务台', 'Desk 1'),
  ('desk-2', 2, '2号服务台', 'Desk 2'),
  ('desk-3', 3, '3号服务台', 'Desk 3');
INSERT INTO desk_lanes (desk_id, lane_id) VALUES
  ('desk-1', 'maintenance'), ('desk-1', 'tyres'),
  ('desk-2', 'maintenance'), ('desk-2', 'repair'),
  ('desk-3', 'repair'), ('desk-3', 'tyres');

-- Bookings: the customer checks in with the code or with plate and phone.
CREATE TABLE appointments (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  plate      TEXT NOT NULL,
  plate_kind TEXT NOT NULL,
  phone      TEXT NOT NULL,
  lane_id    TEXT NOT NULL REFERENCES lanes(id),
  booked_at  INTEGER NOT NULL,
  categories TEXT NOT NULL,
  services   TEXT NOT NULL,
  note       TEXT,
  status     TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'arrived', 'cancelled')),
  ticket_id  INTEGER,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES staff_users(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX appointments_plate ON appointments (plate, booked_at);
CREATE INDEX appointments_time ON appointments (booked_at);

CREATE TABLE tickets (
  id                INTEGER PRIMARY KEY,
  -- The kiosk's idempotency key for one check-in attempt: a second request returns this ticket.
  attempt_id        TEXT NOT NULL UNIQUE,
  -- SHA-256 of the customer's follow token (the QR code); the token itself is never stored.
  follow_token_hash TEXT NOT NULL UNIQUE,
  day               TEXT NOT NULL,
  -- Numbered in the lane it first joined; a transfer keeps the number.
  number            TEXT NOT NULL,
  lane_id           TEXT NOT NULL REFERENCES lanes(id),
  status            TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'served', 'no-show', 'cancelled')),
  customer_id       INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  vehicle_id        INTEGER REFERENCES vehicles(id) ON DELETE SET NULL,
  plate             TEXT NOT NULL,
  plate_kind        TEXT NOT NULL,
  phone             TEXT NOT NULL,
  lang              TEXT NOT NULL,
  mileage_km        INTEGER NOT NULL,
  -- The higher reading on record when the one typed is lower (staff check the odometer).
  last_mileage_km   INTEGER,
  categories        TEXT NOT NULL,
  services          TEXT NOT NULL,
  complaint         TEXT,
  verified          INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  appointment_id    INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
  -- The booked time when the booking is honoured (arrived within its window).
  appointment_at    INTEGER,
  created_at        INTEGER NOT NULL,
  desk_id           TEXT REFERENCES desks(id) ON DELETE SET NULL,
  called_at         INTEGER,
  recalls           INTEGER NOT NULL DEFAULT 0,
  closed_at         INTEGER,
  job_id            TEXT,
  UNIQUE (day, number)
) STRICT;
CREATE INDEX tickets_open ON tickets (status, lane_id) WHERE status IN ('waiting', 'called');
CREATE INDEX tickets_closed ON tickets (lane_id, closed_at);

-- Everything a desk did to a ticket, in order: the board's "last called" and the service times.
CREATE TABLE queue_events (
  id        INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('call', 'recall', 'no-show', 'transfer', 'serve')),
  desk_id   TEXT,
  staff_id  INTEGER,
  detail    TEXT
) STRICT;
CREATE INDEX queue_events_time ON queue_events (at);
CREATE INDEX queue_events_desk ON queue_events (desk_id, kind, at);

-- Per-lane-per-day ticket counters (A001, A002…).
CREATE TABLE ticket_counters (
  day    TEXT NOT NULL,
  prefix TEXT NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (day, prefix)
) STRICT;

-- Failed and successful returning-customer lookups, to slow down guessing. `key` is
-- 'plate:<sha256 of the plate>' or 'source:<address>': typed plates are not kept in the clear.
CREATE TABLE lookup_attempts (
  id  INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at  INTEGER NOT NULL,
  ok  INTEGER NOT NULL CHECK (ok IN (0, 1))
) STRICT;
CREATE INDEX lookup_attempts_key ON lookup_attempts (key, at);
