-- Version 8: work waiting for someone, per organisation — rectification items of
-- organisational-life meetings (with their due dates) and household visits that asked for a
-- follow-up no later visit has made. Filled by the projections; the rebuild fills it for records
-- already held.
CREATE TABLE due_items (
    record TEXT NOT NULL,
    item TEXT NOT NULL,
    org TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    since INTEGER NOT NULL,
    due INTEGER,
    done INTEGER NOT NULL,
    PRIMARY KEY (record, item)
) WITHOUT ROWID;
CREATE INDEX due_items_org ON due_items(org, done, due);

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
