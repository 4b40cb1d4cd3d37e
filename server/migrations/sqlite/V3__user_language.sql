-- The language a user chose for the supervisors' pages (`zh-Hans`, `mn-Mong`, `en`), kept with
-- the account so that it follows them to any browser they sign in from; none: the browser's.
ALTER TABLE users ADD COLUMN lang TEXT;
