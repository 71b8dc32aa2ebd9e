-- Operation standards (SOPs) and the technicians' wristbands: versioned standards per service, the
-- events the bands send (deduplicated), the step timings the hub pairs from them, the alerts that
-- follow, and every acknowledgement, resolution, override and technician's answer, on record.
-- Times are epoch ms, hub time, unless a column says device time.

-- A version of a service's standard. A job is judged by the newest version whose effective_from is
-- not after the job was opened, so an edit never changes how a job already under way is judged.
CREATE TABLE sop_versions (
  id             INTEGER PRIMARY KEY,
  service_code   TEXT NOT NULL REFERENCES services(code),
  version        INTEGER NOT NULL CHECK (version > 0),
  effective_from INTEGER NOT NULL,
  created_by     TEXT NOT NULL,
  note           TEXT,
  UNIQUE (service_code, version)
) STRICT;

CREATE TABLE sop_steps (
  version_id       INTEGER NOT NULL REFERENCES sop_versions(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  code             TEXT NOT NULL,
  name_zh          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  -- Shorter than this: possibly not done (0: never judged short). Longer than the standard: overrun.
  min_minutes      REAL NOT NULL CHECK (min_minutes >= 0),
  standard_minutes REAL NOT NULL CHECK (standard_minutes > 0),
  skippable        INTEGER NOT NULL DEFAULT 0 CHECK (skippable IN (0, 1)),
  CHECK (min_minutes <= standard_minutes),
  PRIMARY KEY (version_id, code)
) STRICT;

-- Each band as the hub knows it: who wears it (from the events' `tech`) and how far its clock is off.
CREATE TABLE wristband_bands (
  band_id          TEXT PRIMARY KEY,
  tech             TEXT,
  tech_since       INTEGER,
  -- Receive time minus device time of the band's most punctual recent message: its clock offset
  -- plus the smallest delivery delay seen. Used to tell a wrong clock from a backlog.
  clock_offset_ms  INTEGER,
  clock_sampled_at INTEGER
) STRICT;

-- A band handed to another technician: each technician keeps their own steps and figures.
CREATE TABLE wristband_handovers (
  id        INTEGER PRIMARY KEY,
  band_id   TEXT NOT NULL,
  from_tech TEXT,
  to_tech   TEXT NOT NULL,
  at        INTEGER NOT NULL
) STRICT;
CREATE INDEX wristband_handovers_band ON wristband_handovers (band_id, at);

CREATE TABLE step_timings (
  id                INTEGER PRIMARY KEY,
  job_id            INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  bay_id            TEXT NOT NULL,
  -- Who started the step; end_tech when someone else ended it (a shift change mid-step).
  tech              TEXT NOT NULL,
  end_tech          TEXT,
  band_id           TEXT,
  service_code      TEXT,
  step_code         TEXT NOT NULL,
  sop_version_id    INTEGER REFERENCES sop_versions(id),
  status            TEXT NOT NULL CHECK (status IN ('open', 'done', 'end-only', 'restarted', 'never-ended')),
  start_event       TEXT,
  end_event         TEXT,
  -- Judged times (hub time, the band's clock corrected where it is off) and raw receive times.
  started_at        INTEGER,
  ended_at          INTEGER,
  start_received_at INTEGER,
  end_received_at   INTEGER,
  duration_ms       INTEGER,
  -- Which clock the duration was judged by: the band's own or the hub's receive times.
  clock             TEXT CHECK (clock IN ('device', 'hub')),
  backlog           INTEGER NOT NULL DEFAULT 0 CHECK (backlog IN (0, 1)),
  verdict           TEXT NOT NULL DEFAULT 'unjudged' CHECK (verdict IN ('ok', 'short', 'overrun', 'unjudged')),
  min_minutes       REAL,
  standard_minutes  REAL
) STRICT;
CREATE INDEX step_timings_job ON step_timings (job_id);
CREATE INDEX step_timings_pending ON step_timings (bay_id, step_code) WHERE status IN ('open', 'end-only');
CREATE INDEX step_timings_ended ON step_timings (ended_at);

-- Every event a band sent, once: (band, id) is the deduplication key [GB-3.2.1].
CREATE TABLE wristband_events (
  band_id     TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  tech        TEXT NOT NULL,
  bay_id      TEXT NOT NULL,
  step        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('start', 'end')),
  device_ts   INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  -- What the hub made of it: its judged time, whether it came live, whether the band's clock was trusted.
  at          INTEGER NOT NULL,
  live        INTEGER NOT NULL CHECK (live IN (0, 1)),
  trusted     INTEGER NOT NULL CHECK (trusted IN (0, 1)),
  timing_id   INTEGER REFERENCES step_timings(id),
  PRIMARY KEY (band_id, event_id)
) STRICT;
CREATE INDEX wristband_events_received ON wristband_events (received_at);

CREATE TABLE wristband_alerts (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('short-operation', 'overrun', 'step-missed', 'step-unfinished')),
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved', 'overridden')),
  job_id           INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  timing_id        INTEGER REFERENCES step_timings(id),
  bay_id           TEXT NOT NULL,
  tech             TEXT,
  band_id          TEXT,
  service_code     TEXT,
  step_code        TEXT,
  sop_version_id   INTEGER REFERENCES sop_versions(id),
  -- step-missed: JSON array of {serviceCode, code, versionId} with no record at quality check.
  missing          TEXT,
  duration_ms      INTEGER,
  min_minutes      REAL,
  standard_minutes REAL,
  clock            TEXT CHECK (clock IN ('device', 'hub')),
  raised_at        INTEGER NOT NULL,
  closed_at        INTEGER
) STRICT;
CREATE INDEX wristband_alerts_job ON wristband_alerts (job_id, kind, state);
CREATE INDEX wristband_alerts_time ON wristband_alerts (raised_at);
CREATE INDEX wristband_alerts_live ON wristband_alerts (state) WHERE state IN ('open', 'acknowledged');

-- The record: who acknowledged, resolved or overrode an alert and why; the technician's answer.
CREATE TABLE wristband_alert_actions (
  id       INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES wristband_alerts(id) ON DELETE CASCADE,
  kind     TEXT NOT NULL CHECK (kind IN ('acknowledge', 'resolve', 'override', 'answer')),
  at       INTEGER NOT NULL,
  by_kind  TEXT NOT NULL CHECK (by_kind IN ('staff', 'technician')),
  by_id    TEXT,
  by_name  TEXT NOT NULL,
  note     TEXT NOT NULL
) STRICT;
CREATE INDEX wristband_alert_actions_alert ON wristband_alert_actions (alert_id, id);

-- The shop's starting standards, version 1, in force from the start. Minimums are what a step cannot
-- honestly be done in (the oil must drain at least 15 minutes; an A/C system is evacuated at least
-- 15); 0 where speed says nothing about quality. Standards are flat-rate times of a mid-size car.
INSERT INTO sop_versions (service_code, version, effective_from, created_by, note) VALUES
  ('oil-change',    1, 0, 'Glassbay', 'Starting standard'),
  ('brake-pads',    1, 0, 'Glassbay', 'Starting standard'),
  ('tyre-rotation', 1, 0, 'Glassbay', 'Starting standard'),
  ('ac-service',    1, 0, 'Glassbay', 'Starting standard'),
  ('inspection',    1, 0, 'Glassbay', 'Starting standard');

INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable)
SELECT v.id, s.column1, s.column2, s.column3, s.column4, s.column5, s.column6, s.column7
FROM sop_versions v, (VALUES
  (1,  'prepare',         '核对工单，安装三件套',             'Check the job card, fit seat, floor and wing covers',   0,   3,  0),
  (2,  'lift-secure',     '举升车辆并确认锁止',               'Lift the car and engage the lift locks',                1,   4,  0),
  (3,  'oil-drain',       '排放旧机油',                       'Drain the old oil',                                     15,  18, 0),
  (4,  'filter-replace',  '更换机油滤清器（新密封圈涂油）',   'Replace the oil filter, oil the new seal',              3,   6,  0),
  (5,  'drain-plug',      '装回放油螺塞（新垫圈，按规定扭矩）', 'Refit the drain plug with a new washer, torque to spec', 1.5, 3,  0),
  (6,  'underbody-check', '底盘目视检查（渗漏、球头、防尘套）', 'Underbody check: leaks, ball joints, boots',            3,   5,  0),
  (7,  'lower-car',       '降下车辆',                         'Lower the car',                                         0,   2,  0),
  (8,  'oil-refill',      '按规格加注新机油',                 'Refill with oil of the specified grade and quantity',   3,   5,  0),
  (9,  'engine-run',      '启动发动机，检查有无渗漏',         'Run the engine, check filter and plug for leaks',       2,   3,  0),
  (10, 'oil-level',       '静置后检查机油液位',               'Check the oil level once it has settled',               2,   3,  0),
  (11, 'service-reset',   '复位保养提示',                     'Reset the service indicator',                           0,   2,  0),
  (12, 'final-check',     '清洁，取下三件套，贴保养标签',     'Clean up, remove the covers, fit the service sticker',  0,   3,  0)
) s WHERE v.service_code = 'oil-change';

INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable)
SELECT v.id, s.column1, s.column2, s.column3, s.column4, s.column5, s.column6, s.column7
FROM sop_versions v, (VALUES
  (1,  'lift-secure',    '举升车辆并确认锁止',             'Lift the car and engage the lift locks',         1, 4,  0),
  (2,  'wheels-off',     '拆卸车轮',                       'Remove the wheels',                              3, 6,  0),
  (3,  'caliper-off',    '拆下卡钳和旧刹车片',             'Remove the calipers and the old pads',           4, 8,  0),
  (4,  'disc-measure',   '测量刹车盘厚度和跳动',           'Measure disc thickness and run-out',             3, 6,  0),
  (5,  'caliper-clean',  '清洁并润滑卡钳导向销和支架',     'Clean and grease the caliper slides and brackets', 4, 8, 0),
  (6,  'piston-retract', '压回活塞，注意刹车油液位',       'Push back the pistons, watch the fluid level',   2, 4,  0),
  (7,  'pads-fit',       '安装新刹车片及消音片',           'Fit the new pads and shims',                     4, 8,  0),
  (8,  'caliper-torque', '装回卡钳，按规定扭矩拧紧',       'Refit the calipers, torque to spec',             3, 6,  0),
  (9,  'wheels-on',      '装回车轮，按对角顺序拧紧至规定扭矩', 'Refit the wheels, torque in a star pattern', 4, 6,  0),
  (10, 'pedal-pump',     '踩刹车至踏板坚实',               'Pump the pedal until it is firm',                1, 2,  0),
  (11, 'fluid-level',    '检查刹车油液位',                 'Check the brake fluid level',                    1, 2,  0),
  (12, 'bedding-test',   '路试磨合刹车片',                 'Road test and bed in the pads',                  8, 12, 0)
) s WHERE v.service_code = 'brake-pads';

INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable)
SELECT v.id, s.column1, s.column2, s.column3, s.column4, s.column5, s.column6, s.column7
FROM sop_versions v, (VALUES
  (1, 'lift-secure',   '举升车辆并确认锁止',               'Lift the car and engage the lift locks',     1, 4, 0),
  (2, 'wheels-off',    '拆卸车轮',                         'Remove the wheels',                          3, 6, 0),
  (3, 'tyre-inspect',  '检查胎纹深度、磨损和损伤',         'Check tread depth, wear and damage',         2, 4, 0),
  (4, 'wheels-rotate', '按换位方案交换车轮',               'Move the wheels per the rotation pattern',   2, 4, 0),
  (5, 'wheels-on',     '装回车轮，按对角顺序拧紧至规定扭矩', 'Refit the wheels, torque in a star pattern', 4, 6, 0),
  (6, 'lower-car',     '降下车辆',                         'Lower the car',                              0, 2, 0),
  (7, 'pressure-set',  '按标准调整胎压',                   'Set the tyre pressures to spec',             2, 3, 0),
  (8, 'tpms-reset',    '胎压监测复位',                     'Reset the tyre pressure monitor',            0, 2, 1)
) s WHERE v.service_code = 'tyre-rotation';

INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable)
SELECT v.id, s.column1, s.column2, s.column3, s.column4, s.column5, s.column6, s.column7
FROM sop_versions v, (VALUES
  (1,  'ac-test',             '空调性能测试（出风口温度）', 'Performance test: vent temperature',        2,   4,  0),
  (2,  'leak-check',          '系统检漏',                   'Leak check',                                3,   5,  0),
  (3,  'refrigerant-recover', '回收制冷剂并称重',           'Recover and weigh the refrigerant',         8,   10, 0),
  (4,  'vacuum',              '系统抽真空',                 'Evacuate the system',                       15,  20, 0),
  (5,  'vacuum-hold',         '真空保压检漏',               'Vacuum hold test',                          5,   5,  0),
  (6,  'oil-charge',          '补充冷冻油',                 'Add compressor oil',                        0.5, 2,  0),
  (7,  'refrigerant-charge',  '按标定量加注制冷剂',         'Charge the specified refrigerant weight',   4,   6,  0),
  (8,  'cabin-filter',        '更换空调滤芯',               'Replace the cabin filter',                  1,   3,  1),
  (9,  'evaporator-clean',    '蒸发箱清洗消毒',             'Clean and disinfect the evaporator',        3,   5,  1),
  (10, 'performance-verify',  '复测出风口温度',             'Re-test the vent temperature',              2,   4,  0)
) s WHERE v.service_code = 'ac-service';

INSERT INTO sop_steps (version_id, position, code, name_zh, name_en, min_minutes, standard_minutes, skippable)
SELECT v.id, s.column1, s.column2, s.column3, s.column4, s.column5, s.column6, s.column7
FROM sop_versions v, (VALUES
  (1,  'lights-exterior',   '灯光与外观检查',       'Lights and bodywork',                 2, 4, 0),
  (2,  'fluids-check',      '各油液液位与状况',     'Fluid levels and condition',          2, 5, 0),
  (3,  'battery-test',      '蓄电池检测',           'Battery test',                        1, 3, 0),
  (4,  'belts-hoses',       '皮带与管路检查',       'Belts and hoses',                     2, 4, 0),
  (5,  'lift-secure',       '举升车辆并确认锁止',   'Lift the car and engage the lift locks', 1, 4, 0),
  (6,  'underbody-inspect', '底盘、悬挂与转向检查', 'Underbody, suspension and steering',  5, 8, 0),
  (7,  'brakes-inspect',    '刹车片与刹车盘检查',   'Brake pads and discs',                2, 5, 0),
  (8,  'tyres-inspect',     '轮胎与胎压检查',       'Tyres and pressures',                 2, 4, 0),
  (9,  'lower-car',         '降下车辆',             'Lower the car',                       0, 2, 0),
  (10, 'road-test',         '路试',                 'Road test',                           5, 8, 1),
  (11, 'report',            '填写检测报告',         'Write up the inspection report',      1, 4, 0)
) s WHERE v.service_code = 'inspection';
