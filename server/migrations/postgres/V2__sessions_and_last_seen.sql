-- Sessions of the supervisors' pages, kept in the database so that a restart or another instance
-- signs nobody out. Only the BLAKE3 hash of the cookie's value is stored: a copy of the database
-- opens no session.
CREATE TABLE web_sessions (
    id_hash BYTEA PRIMARY KEY,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);

-- When each device last synced (ms since the epoch), for the operator's list of devices.
ALTER TABLE devices ADD COLUMN last_seen BIGINT;
