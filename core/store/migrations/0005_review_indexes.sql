-- Version 5: indexes for the supervisors' review over large subtrees (a league: 25,000 members,
-- half a million attendance rows): counts by school and by member read the index alone.

CREATE INDEX attendance_school_status ON attendance(school, status, starts_at);
CREATE INDEX attendance_member_present ON attendance(member, year, status, minutes);
CREATE INDEX people_org_name ON people(org, name);
