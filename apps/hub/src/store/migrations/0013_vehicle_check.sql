-- What a check-in claimed about a known car and did not prove (another phone, a mileage the record
-- did not take), as JSON ({"phoneChanged": bool, "mileage": {"onRecordKm", "typedKm"} | null}), for
-- the advisor to confirm with the customer present; NULL when nothing is left. Who confirmed, when.
ALTER TABLE tickets ADD COLUMN vehicle_check TEXT;
ALTER TABLE tickets ADD COLUMN vehicle_checked_by INTEGER;
ALTER TABLE tickets ADD COLUMN vehicle_checked_at INTEGER;
