-- Version 12: 双报告、双考核 — in-service members' reports to, and assessments by, their unit and
-- their community, one row per member, organisation and year.
CREATE TABLE service_reviews (
    id TEXT PRIMARY KEY,
    member TEXT NOT NULL,
    org TEXT NOT NULL,
    year INTEGER NOT NULL,
    reported INTEGER NOT NULL,
    grade TEXT
) WITHOUT ROWID;
CREATE INDEX service_reviews_member ON service_reviews(member, year);
CREATE INDEX service_reviews_org ON service_reviews(org, year);

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
