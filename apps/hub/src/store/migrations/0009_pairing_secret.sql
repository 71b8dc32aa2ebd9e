-- A pairing code is read off a screen by anyone in the room: the screen also holds a secret of its
-- own for the code, and only a request carrying it may refresh the code or collect the credential.
-- Codes waiting when this runs have no secret and can no longer be collected; their screens
-- announce a fresh code within minutes (every code expires).
ALTER TABLE screen_pairings ADD COLUMN secret_hash TEXT;
