-- Version 11: themed training programmes and the courses under them, session kinds (field
-- study, practice teaching), petitions taken on residents' behalf, and red stations' services.
-- Filled by the projections; the rebuild fills them for records already held.
ALTER TABLE courses ADD COLUMN programme TEXT;
CREATE INDEX courses_programme ON courses(programme);
ALTER TABLE sessions ADD COLUMN kind TEXT;

CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    school TEXT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    year INTEGER NOT NULL,
    starts_on INTEGER NOT NULL,
    ends_on INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX programmes_school ON programmes(school, year);

CREATE TABLE petitions (
    id TEXT PRIMARY KEY,
    village TEXT NOT NULL,
    petitioner TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    concluded_at INTEGER,
    visits INTEGER NOT NULL,
    satisfied INTEGER
) WITHOUT ROWID;
CREATE INDEX petitions_village ON petitions(village, received_at);

CREATE TABLE station_services (
    id TEXT PRIMARY KEY,
    station TEXT NOT NULL,
    offer TEXT NOT NULL,
    at INTEGER NOT NULL,
    volunteer TEXT NOT NULL,
    people INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX station_services_station ON station_services(station, at);

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
