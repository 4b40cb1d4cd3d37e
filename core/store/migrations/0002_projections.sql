-- Version 2: the screens' tables. Derived from documents alone (never from a local clock), so
-- every replica that holds the same documents holds the same rows; rebuilt from the documents
-- after this migration (meta.projections_dirty).

CREATE TABLE orgs (id TEXT PRIMARY KEY, parent TEXT, kind TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX orgs_parent ON orgs(parent, name);

CREATE TABLE people (id TEXT PRIMARY KEY, org TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX people_org ON people(org, name);
CREATE TABLE roles (person TEXT NOT NULL, org TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (person, org, role)) WITHOUT ROWID;
CREATE INDEX roles_org ON roles(org, role);

CREATE TABLE lecturers (id TEXT PRIMARY KEY, pool TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, specialties TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX lecturers_pool ON lecturers(pool, name);

CREATE TABLE courses (id TEXT PRIMARY KEY, school TEXT NOT NULL, title TEXT NOT NULL, topic TEXT NOT NULL, lecturer TEXT) WITHOUT ROWID;
CREATE INDEX courses_school ON courses(school, title);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, course TEXT NOT NULL, school TEXT NOT NULL, title TEXT NOT NULL, topic TEXT NOT NULL,
    starts_at INTEGER NOT NULL, minutes INTEGER NOT NULL, mode TEXT NOT NULL, venue TEXT NOT NULL,
    cancelled INTEGER NOT NULL, present INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_school_time ON sessions(school, starts_at);
CREATE INDEX sessions_course ON sessions(course, starts_at);
CREATE TABLE attendance (
    session TEXT NOT NULL, member TEXT NOT NULL, status TEXT NOT NULL, via TEXT, school TEXT NOT NULL,
    year INTEGER NOT NULL, starts_at INTEGER NOT NULL, minutes INTEGER NOT NULL, topic TEXT NOT NULL,
    PRIMARY KEY (session, member)
) WITHOUT ROWID;
CREATE INDEX attendance_member_year ON attendance(member, year, starts_at);
CREATE INDEX attendance_school ON attendance(school, year);

CREATE TABLE cases (
    id TEXT PRIMARY KEY, branch TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT,
    place TEXT NOT NULL, opened_at INTEGER NOT NULL, closed_at INTEGER, entries INTEGER NOT NULL,
    follow_ups INTEGER NOT NULL, last_activity INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cases_branch_status ON cases(branch, status, opened_at DESC);
CREATE TABLE service_logs (id TEXT PRIMARY KEY, branch TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, people INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX service_logs_branch ON service_logs(branch, kind, at);

CREATE TABLE requests (
    id TEXT PRIMARY KEY, community TEXT NOT NULL, title TEXT NOT NULL, step TEXT NOT NULL, open INTEGER NOT NULL,
    satisfied INTEGER, rounds INTEGER NOT NULL, raised_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX requests_community_step ON requests(community, step, raised_at DESC);
CREATE TABLE joint_meetings (id TEXT PRIMARY KEY, community TEXT NOT NULL, held_at INTEGER NOT NULL, topics TEXT NOT NULL, decisions INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX joint_meetings_community ON joint_meetings(community, held_at);

CREATE TABLE households (id TEXT PRIMARY KEY, grid TEXT NOT NULL, address TEXT NOT NULL, head TEXT NOT NULL, size INTEGER NOT NULL, visits INTEGER NOT NULL, last_visit INTEGER) WITHOUT ROWID;
CREATE INDEX households_grid ON households(grid, address);
CREATE TABLE household_tags (household TEXT NOT NULL, tag TEXT NOT NULL, grid TEXT NOT NULL, PRIMARY KEY (household, tag)) WITHOUT ROWID;
CREATE INDEX household_tags_tag ON household_tags(tag, grid);

CREATE TABLE member_services (id TEXT PRIMARY KEY, member TEXT NOT NULL, community TEXT NOT NULL, at INTEGER NOT NULL, minutes INTEGER NOT NULL, people INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX member_services_member ON member_services(member, at);
CREATE INDEX member_services_community ON member_services(community, at);

CREATE TABLE org_life (id TEXT PRIMARY KEY, branch TEXT NOT NULL, kind TEXT NOT NULL, held_at INTEGER NOT NULL, open_items INTEGER NOT NULL, done_items INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX org_life_branch ON org_life(branch, held_at);
CREATE TABLE evaluations (id TEXT PRIMARY KEY, branch TEXT NOT NULL, member TEXT NOT NULL, year INTEGER NOT NULL, result TEXT) WITHOUT ROWID;
CREATE INDEX evaluations_branch ON evaluations(branch, year);

-- Fields written concurrently with different values, and records a merge left breaking a rule.
CREATE TABLE conflicts (doc TEXT NOT NULL, object TEXT NOT NULL, key TEXT NOT NULL, path TEXT NOT NULL, candidates TEXT NOT NULL, PRIMARY KEY (doc, object, key)) WITHOUT ROWID;
CREATE TABLE rule_issues (doc TEXT PRIMARY KEY, kind TEXT NOT NULL, issue TEXT NOT NULL) WITHOUT ROWID;

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
