-- Version 10: where each attendance counts — the school whose site an online member joined a
-- same-time class from (the session's own school otherwise). Filled by the projections; the
-- rebuild fills it for sessions already held.
ALTER TABLE attendance ADD COLUMN counted_at TEXT;
CREATE INDEX attendance_counted_at ON attendance(session, counted_at);

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
