-- When a device was revoked (Unix ms). Every certificate of a revoked device was issued before
-- its revocation, so none holds past revoked_at + 30 days: the signed revocation list names a
-- device only until then (and a grace for phones whose clocks run behind), and stops growing.
-- Devices revoked before this version count from now, which is later than their revocation.
ALTER TABLE devices ADD COLUMN revoked_at INTEGER;
UPDATE devices SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE revoked = 1;
