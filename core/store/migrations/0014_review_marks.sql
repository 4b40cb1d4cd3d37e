-- Version 14: 督导已阅 — reviewers' marks on the records of their subtree, one per reviewer and
-- record, listed with the record they mark.
CREATE TABLE review_marks (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    org TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at INTEGER NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX review_marks_by_record ON review_marks(record, org);
