-- Version 13: an organisation's name in traditional Mongolian script, where it has one (shown
-- beside the Chinese name on pages, reports and printed archives).
ALTER TABLE orgs ADD COLUMN name_mn TEXT;
