-- The server schema as releases before versioned migrations made it. Kept `IF NOT EXISTS`:
-- a database those releases created already has these tables, and takes this version as
-- its baseline without a change.
CREATE TABLE IF NOT EXISTS changes (seq BIGSERIAL PRIMARY KEY, doc BYTEA NOT NULL, hash BYTEA NOT NULL UNIQUE, actor BYTEA NOT NULL, bytes BYTEA NOT NULL);
CREATE INDEX IF NOT EXISTS changes_doc ON changes(doc, seq);
CREATE TABLE IF NOT EXISTS docs (id BYTEA PRIMARY KEY, kind TEXT NOT NULL, org TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS docs_org ON docs(org, kind);
CREATE TABLE IF NOT EXISTS orgs (id TEXT PRIMARY KEY, parent TEXT, kind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grants (person TEXT NOT NULL, org TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (person, org, role));
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE IF NOT EXISTS web_passwords (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (hash BYTEA PRIMARY KEY, user_id TEXT NOT NULL, expires_at BIGINT NOT NULL, used BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, actor BYTEA NOT NULL UNIQUE, token_hash TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT FALSE);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS device_keys (device_id TEXT PRIMARY KEY, public_key BYTEA NOT NULL);
