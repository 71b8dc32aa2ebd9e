-- Nothing queries sensor_readings by bay and time, and the index cost a B-tree insert and a page
-- written on every reading (a thousand a second at the rate the spine is built for). A query that
-- needs it adds it back in its own migration.
DROP INDEX IF EXISTS sensor_readings_bay_time;
