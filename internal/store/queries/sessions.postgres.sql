-- PostgreSQL's own versions of queries in sessions.sql.

-- name: InsertCheckinPresent
-- A first "present" check-in and its session's present count in one
-- statement: run on its own (autocommit) it is one round trip and one
-- transaction, durable when it returns. No row updated: the student was
-- checked in already (nothing inserted).
WITH ins AS (
    INSERT INTO checkins (session_id, participant_id, status, method, account_id, checked_at)
    VALUES (:session_id, :participant_id, 'present', :method, :account_id, :now)
    ON CONFLICT (session_id, participant_id) DO NOTHING
    RETURNING session_id)
UPDATE mentor_sessions SET present_count = present_count + 1 WHERE id IN (SELECT session_id FROM ins)
