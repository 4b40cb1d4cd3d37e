-- Version 16: counting a subtree's members and everyone else on its rolls (a league's pages)
-- reads this index alone, rather than looking each of 25,000 people up by id for their status.
CREATE INDEX people_org_status ON people(org, status);
-- Version 5 added `people_org_name` on the same columns as version 2's `people_org`: every
-- person written kept both up to date for nothing.
DROP INDEX people_org_name;
