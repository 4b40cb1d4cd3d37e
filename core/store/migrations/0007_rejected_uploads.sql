-- Changes the server refused from members' phones, as notices their supervisors read
-- (`RejectedUpload` records, written by the server only).
CREATE TABLE rejected_uploads (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    user TEXT NOT NULL,
    user_name TEXT NOT NULL,
    device_name TEXT NOT NULL,
    record TEXT NOT NULL,
    record_kind TEXT,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    last_at INTEGER NOT NULL,
    changes INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rejected_uploads_org ON rejected_uploads(org, last_at);
