-- PostgreSQL's own versions of queries in sessions.sql.

-- name: InsertCheckinsPresent
-- First "present" check-ins of many students at once (the check-in
-- batcher, checkin_batch.go), with their sessions' present counts, in
-- one statement: one transaction and one flush for all of them. Returns
-- the pairs inserted (inserted true, checked_at :now) and the pairs
-- that were there before the statement began, with their status and
-- time (inserted false); a pair in neither came twice or was being
-- checked in by another transaction meanwhile.
WITH input AS (
    SELECT * FROM unnest(:session_ids::bigint[], :participant_ids::bigint[], :methods::text[], :account_ids::bigint[])
        AS t(session_id, participant_id, method, account_id)),
ins AS (
    INSERT INTO checkins (session_id, participant_id, status, method, account_id, checked_at)
    SELECT session_id, participant_id, 'present', method, NULLIF(account_id, 0), :now FROM input
    ON CONFLICT (session_id, participant_id) DO NOTHING
    RETURNING session_id, participant_id, checked_at),
counted AS (
    UPDATE mentor_sessions s SET present_count = s.present_count + n.n
    FROM (SELECT session_id, COUNT(*) AS n FROM ins GROUP BY session_id) n
    WHERE s.id = n.session_id)
SELECT session_id, participant_id, TRUE, 'present', checked_at FROM ins
UNION ALL
-- The statement's snapshot is taken before its insert: these rows are
-- the ones already there. Looked up pair by pair through the key (the
-- LATERAL with LIMIT is not flattened into a join): a plain join's
-- generic plan, made while checkins was nearly empty, hashed the whole
-- table on every batch from then on (docs/PERFORMANCE.md).
SELECT i.session_id, i.participant_id, FALSE, c.status, c.checked_at
FROM input i CROSS JOIN LATERAL (
    SELECT c.status, c.checked_at FROM checkins c
    WHERE c.session_id = i.session_id AND c.participant_id = i.participant_id
    LIMIT 1) c

-- name: FindMarks
-- As in sessions.sql, but a row per check-in, each "packed" alone:
-- pgx reads rows cheaply, and PostgreSQL ran the per-session subquery
-- of sessions.sql more slowly than this join (docs/PERFORMANCE.md).
SELECT c.session_id, c.participant_id::text || left(c.status, 1)
FROM mentor_sessions s JOIN checkins c ON c.session_id = s.id
WHERE s.program_id = :program_id AND s.year = :year AND c.status <> 'absent'
