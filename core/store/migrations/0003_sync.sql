-- Version 3: sync state. Local changes wait in the outbox until the server settles them
-- (stored or rejected); rejected ones are kept, flagged, never dropped; the cursor is the last
-- server position applied here.

CREATE TABLE outbox (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    doc  TEXT NOT NULL,
    hash BLOB NOT NULL UNIQUE
);
INSERT INTO outbox(doc, hash) SELECT doc, hash FROM history WHERE local = 1 ORDER BY at, seq;

CREATE TABLE rejections (
    hash   BLOB PRIMARY KEY,
    doc    TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX rejections_doc ON rejections(doc);

INSERT INTO meta(key, value) VALUES ('sync_cursor', '0') ON CONFLICT(key) DO NOTHING;
