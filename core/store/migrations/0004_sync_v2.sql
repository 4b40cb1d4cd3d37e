-- Version 4: sync protocol v2. A cursor belongs to the scope it was issued for (a store synced
-- with v1 has none, so its first v2 sync starts again from 0 and skips what it holds); documents
-- held incomplete are listed so the next request can ask for their history.

INSERT INTO meta(key, value) VALUES ('sync_scope', '') ON CONFLICT(key) DO NOTHING;

CREATE TABLE incomplete_docs (
    doc TEXT PRIMARY KEY
) WITHOUT ROWID;
