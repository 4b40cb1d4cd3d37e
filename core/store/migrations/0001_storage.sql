-- Version 1: where documents live. Every record is an automerge document: a compacted
-- snapshot plus the change chunks appended since, each framed by its length (the blob) and a
-- BLAKE3 checksum of our own, because automerge's incremental load accepts truncated input.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Who each automerge actor is, so history shows names rather than hex.
CREATE TABLE actors (
    actor       TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    device_name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    -- NULL while only changes whose ancestors have not arrived are known.
    kind          TEXT,
    org           TEXT,
    schema        INTEGER NOT NULL DEFAULT 0,
    snapshot      BLOB NOT NULL,
    snapshot_sum  BLOB NOT NULL,
    pending       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    doc      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash     BLOB NOT NULL UNIQUE,
    bytes    BLOB NOT NULL,
    checksum BLOB NOT NULL
);
CREATE INDEX changes_doc ON changes(doc, seq);

-- Every change ever seen, kept after compaction: who, which device (via actors), when, what.
CREATE TABLE history (
    doc     TEXT NOT NULL,
    hash    BLOB NOT NULL,
    actor   TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    message TEXT NOT NULL,
    local   INTEGER NOT NULL,
    PRIMARY KEY (doc, hash)
) WITHOUT ROWID;
CREATE INDEX history_hash ON history(hash);
