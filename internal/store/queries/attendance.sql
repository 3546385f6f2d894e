-- The attendance report of a program year and the institution-wide view
-- (issue 12): grouped counts, never one query per session.

-- name: FindYearSessions
-- A program year's sessions with only what attendance needs.
SELECT s.id, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.title, s.starts_at, s.roster_at, s.cancelled_at, s.present_count
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.program_id = :program_id AND s.year = :year
ORDER BY s.starts_at, s.id

-- name: FindStudentSpans
-- Every student membership of a program year's groups, past ones too.
SELECT m.group_id, m.valid_from, m.valid_to FROM group_members m
WHERE m.program_id = :program_id AND m.year = :year AND m.role = 'student'

-- name: FindYearStudents
-- The students of a program year who count: active, in the roster, not
-- opted out (those expected at a plenary, and participation's
-- denominator), with their study programme and cohort.
SELECT x.id, x.programme_code, x.cohort FROM participants x
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student' AND x.in_roster AND x.state = 'active'
    AND NOT x.file_opt_out

-- name: FindGroupHeldOf
-- The held sessions of an institution's programs (0: every institution)
-- in a year, summed by group (NULL: the plenaries) from the rollup: no
-- check-in is read.
SELECT s.program_id, COALESCE(s.group_id, 0), COUNT(*), SUM(s.present_count), MIN(s.roster_at), MAX(s.starts_at)
FROM mentor_sessions s JOIN programs p ON p.id = s.program_id
WHERE (:institution_id = 0 OR p.institution_id = :institution_id) AND s.year = :year
    AND s.cancelled_at IS NULL AND (s.starts_at <= :now OR s.present_count > 0)
GROUP BY s.program_id, s.group_id

-- name: FindGroupSpansOf
-- The student memberships of the institution's groups in a year, summed
-- by group: how many, the latest start, how many ended, the first end.
SELECT m.group_id, COUNT(*), MAX(m.valid_from), COUNT(m.valid_to), MIN(m.valid_to)
FROM group_members m JOIN programs p ON p.id = m.program_id
WHERE (:institution_id = 0 OR p.institution_id = :institution_id) AND m.year = :year AND m.role = 'student'
GROUP BY m.group_id

-- name: CountExpectedInGroup
-- The students expected at a group's held sessions, summed over them.
SELECT COUNT(*) FROM mentor_sessions s
JOIN group_members m ON m.group_id = s.group_id AND m.role = 'student'
    AND m.valid_from <= s.roster_at AND (m.valid_to IS NULL OR m.valid_to > s.starts_at)
WHERE s.group_id = :group_id AND s.cancelled_at IS NULL AND (s.starts_at <= :now OR s.present_count > 0)

-- name: CountStudentsOf
-- The students of each program year of the institution: active, in the
-- roster, not opted out (those expected at a plenary).
SELECT x.program_id, COUNT(*)
FROM participants x JOIN programs p ON p.id = x.program_id
WHERE (:institution_id = 0 OR p.institution_id = :institution_id) AND x.year = :year AND x.role = 'student'
    AND x.in_roster AND x.state = 'active' AND NOT x.file_opt_out
GROUP BY x.program_id
