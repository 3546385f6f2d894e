-- Sessions, check-ins, follow-up actions, support services and calendar
-- feeds.

-- name: CreateSession
INSERT INTO mentor_sessions (program_id, year, group_id, series, title, topic, location, responsible, checklist,
    starts_at, ends_at, roster_at, checkin_code, sequence, created_at, updated_at)
VALUES (:program_id, :year, :group_id, :series, :title, :topic, :location, :responsible, :checklist,
    :starts_at, :ends_at, :roster_at, :checkin_code, 0, :now, :now)
RETURNING id

-- name: UpdateSession
UPDATE mentor_sessions SET title = :title, topic = :topic, location = :location, responsible = :responsible,
    checklist = :checklist, starts_at = :starts_at, ends_at = :ends_at, roster_at = :roster_at,
    sequence = :sequence, cancelled_at = :cancelled_at, updated_at = :now
WHERE id = :id

-- name: FindSession
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.series, s.title, s.topic, s.location,
    s.responsible, s.checklist, s.starts_at, s.ends_at, s.roster_at, s.checkin_code, s.sequence, s.cancelled_at,
    s.present_count, s.created_at, s.updated_at
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.id = :id

-- name: FindSessionByCode
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.series, s.title, s.topic, s.location,
    s.responsible, s.checklist, s.starts_at, s.ends_at, s.roster_at, s.checkin_code, s.sequence, s.cancelled_at,
    s.present_count, s.created_at, s.updated_at
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.checkin_code = :code

-- name: FindSessions
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.series, s.title, s.topic, s.location,
    s.responsible, s.checklist, s.starts_at, s.ends_at, s.roster_at, s.checkin_code, s.sequence, s.cancelled_at,
    s.present_count, s.created_at, s.updated_at
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.program_id = :program_id AND s.year = :year
ORDER BY s.starts_at, s.id

-- name: FindPersonSessions
-- Every session a person is expected at: their groups' (as a member when
-- the roster was taken) and the plenaries of the program years they take
-- part in. It starts from the person's participations (a handful of rows)
-- so a feed never scans the institution's sessions.
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.series, s.title, s.topic, s.location,
    s.responsible, s.checklist, s.starts_at, s.ends_at, s.roster_at, s.checkin_code, s.sequence, s.cancelled_at,
    s.present_count, s.created_at, s.updated_at
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.id IN (
    SELECT gs.id FROM participants x JOIN group_members m ON m.participant_id = x.id
    JOIN mentor_sessions gs ON gs.group_id = m.group_id
    WHERE x.person_id = :person_id AND m.valid_from <= gs.roster_at AND (m.valid_to IS NULL OR m.valid_to > gs.starts_at)
    UNION
    SELECT ps.id FROM participants x JOIN mentor_sessions ps ON ps.program_id = x.program_id AND ps.year = x.year
    WHERE x.person_id = :person_id AND ps.group_id IS NULL AND x.in_roster AND x.state = 'active')
ORDER BY s.starts_at, s.id

-- name: FindGroupRef
SELECT program_id, year, name, meeting_slot FROM mentor_groups WHERE id = :id AND dissolved_at IS NULL

-- name: FindRole
SELECT id, role FROM participants
WHERE program_id = :program_id AND year = :year AND person_id = :person_id AND in_roster AND state = 'active'
ORDER BY role DESC, id

-- name: FindRoleGroups
SELECT DISTINCT m.group_id FROM group_members m JOIN participants x ON x.id = m.participant_id
WHERE x.program_id = :program_id AND x.year = :year AND x.person_id = :person_id AND m.valid_to IS NULL

-- name: FindExpectedInGroup
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    COALESCE(c.status, ''), COALESCE(c.method, ''), c.checked_at
FROM participants x JOIN persons p ON p.id = x.person_id
LEFT JOIN checkins c ON c.session_id = :session_id AND c.participant_id = x.id
WHERE EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = :group_id AND m.participant_id = x.id AND m.role = 'student'
    AND m.valid_from <= :roster_at AND (m.valid_to IS NULL OR m.valid_to > :starts_at))
ORDER BY 4, x.id

-- name: FindExpectedInProgram
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    COALESCE(c.status, ''), COALESCE(c.method, ''), c.checked_at
FROM participants x JOIN persons p ON p.id = x.person_id
LEFT JOIN checkins c ON c.session_id = :session_id AND c.participant_id = x.id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student' AND x.in_roster AND x.state = 'active'
    AND NOT x.file_opt_out
ORDER BY 4, x.id

-- name: FindExpectedStudentInGroup
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name)
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student'
    AND (x.id = :participant_id OR x.external_id = :student_number)
    AND EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = :group_id AND m.participant_id = x.id AND m.role = 'student'
        AND m.valid_from <= :roster_at AND (m.valid_to IS NULL OR m.valid_to > :starts_at))

-- name: FindExpectedStudentInProgram
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name)
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student'
    AND (x.id = :participant_id OR x.external_id = :student_number)
    AND x.in_roster AND x.state = 'active' AND NOT x.file_opt_out

-- name: FindCheckinFacts
-- A session, its program's institution, the part of the person in its
-- program year (the role FindRole gives, and whether they are in the
-- session's group now, as FindRoleGroups) and the student with that
-- number if expected there (FindExpectedStudentInGroup or …InProgram):
-- everything a check-in by student number is decided on, in one statement.
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), s.starts_at, s.roster_at, s.cancelled_at, g.institution_id,
    -- The unary + keeps both engines on the person's index (a handful of
    -- rows) rather than scanning the program year's participants.
    COALESCE((SELECT x.role FROM participants x
        WHERE x.person_id = :person_id AND +x.program_id = s.program_id AND +x.year = s.year AND x.in_roster AND x.state = 'active'
        ORDER BY x.role DESC, x.id LIMIT 1), ''),
    EXISTS (SELECT 1 FROM participants x JOIN group_members m ON m.participant_id = x.id
        WHERE x.person_id = :person_id AND +x.program_id = s.program_id AND +x.year = s.year
          AND m.group_id = s.group_id AND m.valid_to IS NULL),
    COALESCE(e.id, 0), COALESCE(e.person_id, 0), COALESCE(e.external_id, ''),
    COALESCE(COALESCE(e.given_name, p.given_name) || ' ' || COALESCE(e.family_name, p.family_name), '')
FROM mentor_sessions s JOIN programs g ON g.id = s.program_id
LEFT JOIN participants e ON e.program_id = s.program_id AND e.year = s.year AND e.role = 'student' AND e.external_id = :student_number
    AND ((s.group_id IS NULL AND e.in_roster AND e.state = 'active' AND NOT e.file_opt_out)
      OR (s.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM group_members m
          WHERE m.group_id = s.group_id AND m.participant_id = e.id AND m.role = 'student'
            AND m.valid_from <= s.roster_at AND (m.valid_to IS NULL OR m.valid_to > s.starts_at))))
LEFT JOIN persons p ON p.id = e.person_id
WHERE s.id = :id

-- name: InsertCheckin
INSERT INTO checkins (session_id, participant_id, status, method, account_id, checked_at)
VALUES (:session_id, :participant_id, :status, :method, :account_id, :now)
ON CONFLICT (session_id, participant_id) DO NOTHING

-- name: InsertCheckinsPresent
-- PostgreSQL only (sessions.postgres.sql): SQLite's writer batches units
-- itself. Never run on SQLite; here only so that the query is known
-- everywhere.
SELECT :session_ids, :participant_ids, :methods, :account_ids, :now WHERE 1 = 0

-- name: FindCheckin
SELECT status, checked_at FROM checkins WHERE session_id = :session_id AND participant_id = :participant_id

-- name: UpdateCheckin
UPDATE checkins SET status = :status, method = :method, account_id = :account_id, checked_at = :now
WHERE session_id = :session_id AND participant_id = :participant_id

-- name: AddPresent
UPDATE mentor_sessions SET present_count = present_count + :delta WHERE id = :id

-- name: FindMembersNow
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    m.group_id, g.name, m.valid_from
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
JOIN mentor_groups g ON g.id = m.group_id
WHERE m.program_id = :program_id AND m.year = :year AND m.role = 'student' AND m.valid_to IS NULL

-- name: FindMarks
-- The program year's check-ins that are not absences, packed per
-- session: "participant id" + "p" (present) or "e" (excused), comma
-- separated. A row per session, not per check-in: reading a row and its
-- columns through database/sql costs more than SQLite's scan of the
-- session's check-ins (docs/PERFORMANCE.md, "Attendance").
SELECT s.id, COALESCE((SELECT group_concat(c.participant_id || substr(c.status, 1, 1), ',') FROM checkins c
    WHERE c.session_id = s.id AND c.status <> 'absent'), '')
FROM mentor_sessions s
WHERE s.program_id = :program_id AND s.year = :year

-- name: FindActions
SELECT a.id, a.participant_id, a.action, COALESCE(a.service_id, 0), COALESCE(v.name, ''),
    COALESCE(p.given_name || ' ' || p.family_name, ''), a.created_at
FROM followup_actions a LEFT JOIN support_services v ON v.id = a.service_id
LEFT JOIN accounts c ON c.id = a.account_id LEFT JOIN persons p ON p.id = c.person_id
WHERE a.program_id = :program_id AND a.year = :year
ORDER BY a.created_at, a.id

-- name: CreateAction
INSERT INTO followup_actions (program_id, year, participant_id, action, service_id, account_id, created_at)
VALUES (:program_id, :year, :participant_id, :action, :service_id, :account_id, :now)
RETURNING id

-- name: FindRequirement
SELECT attendance_required FROM program_years WHERE program_id = :program_id AND year = :year

-- name: SaveRequirement
UPDATE program_years SET attendance_required = :share WHERE program_id = :program_id AND year = :year

-- name: FindServices
SELECT id, institution_id, name, about, url, email, phone FROM support_services
WHERE institution_id = :institution_id AND retired_at IS NULL ORDER BY position, name

-- name: CreateService
INSERT INTO support_services (institution_id, name, about, url, email, phone, position, created_at)
VALUES (:institution_id, :name, :about, :url, :email, :phone, :position, :now)
ON CONFLICT (institution_id, name) DO UPDATE SET about = excluded.about, url = excluded.url, email = excluded.email,
    phone = excluded.phone, position = excluded.position, retired_at = NULL
RETURNING id

-- name: RetireService
UPDATE support_services SET retired_at = :now WHERE id = :id AND institution_id = :institution_id AND retired_at IS NULL

-- name: FindFeedSecret
SELECT secret FROM calendar_feeds WHERE person_id = :person_id

-- name: CreateFeedSecret
INSERT INTO calendar_feeds (person_id, secret, created_at) VALUES (:person_id, :secret, :now)
ON CONFLICT (person_id) DO NOTHING

-- name: ReplaceFeedSecret
INSERT INTO calendar_feeds (person_id, secret, created_at) VALUES (:person_id, :secret, :now)
ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at

-- name: FindFeedPerson
SELECT person_id FROM calendar_feeds WHERE secret = :secret

-- name: FindPersonRef
-- A person by student number or mentor id within an institution.
SELECT DISTINCT p.id FROM persons p
WHERE p.institution_id = :institution_id AND (p.student_number = :ref OR p.employee_id = :ref
    OR EXISTS (SELECT 1 FROM participants x JOIN programs g ON g.id = x.program_id
               WHERE x.person_id = p.id AND x.external_id = :ref AND g.institution_id = :institution_id))

-- name: FindPersonByID
SELECT id FROM persons WHERE id = :id AND institution_id = :institution_id

-- name: FindPersonPrograms
SELECT DISTINCT program_id FROM participants WHERE person_id = :person_id

-- name: FindYearGroups
SELECT id, name, meeting_slot FROM mentor_groups
WHERE program_id = :program_id AND year = :year AND dissolved_at IS NULL ORDER BY name, id

-- name: QueueWelcome
-- A welcome for every student of the program year taking part who has an
-- address and none yet.
INSERT INTO mail_messages (program_id, year, person_id, participant_id, kind, recipient, lang, state, created_at, updated_at)
SELECT x.program_id, x.year, x.person_id, x.id, 'welcome', COALESCE(x.email, p.email, ''),
    CASE WHEN x.language IN ('nb', 'nn', 'en') THEN x.language ELSE 'nb' END, 'queued', :now, :now
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student' AND x.in_roster AND x.state = 'active'
    AND NOT x.file_opt_out AND COALESCE(x.email, p.email, '') <> ''
    AND NOT EXISTS (SELECT 1 FROM mail_messages w WHERE w.participant_id = x.id AND w.kind = 'welcome')
RETURNING id

-- name: RequeueWelcome
-- Sends again the welcomes that did not go (bounced, deferred, skipped).
UPDATE mail_messages SET state = 'queued', error = '', updated_at = :now
WHERE program_id = :program_id AND year = :year AND kind = 'welcome' AND state IN ('bounced', 'deferred', 'skipped')
RETURNING id

-- name: QueueGroupReminders
INSERT INTO mail_messages (program_id, year, person_id, participant_id, session_id, kind, recipient, lang, state, created_at, updated_at)
SELECT s.program_id, s.year, x.person_id, x.id, s.id, 'reminder', COALESCE(x.email, p.email, ''),
    CASE WHEN x.language IN ('nb', 'nn', 'en') THEN x.language ELSE 'nb' END, 'queued', :now, :now
FROM mentor_sessions s
JOIN group_members m ON m.group_id = s.group_id AND m.role = 'student' AND m.valid_to IS NULL AND m.valid_from <= s.roster_at
JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE s.starts_at >= :from AND s.starts_at < :to AND s.cancelled_at IS NULL AND s.group_id IS NOT NULL
    AND x.in_roster AND x.state = 'active' AND NOT x.mail_opt_out AND COALESCE(x.email, p.email, '') <> ''
    AND NOT EXISTS (SELECT 1 FROM mail_messages r WHERE r.session_id = s.id AND r.participant_id = x.id AND r.kind = 'reminder')
LIMIT 5000
RETURNING id

-- name: QueuePlenaryReminders
INSERT INTO mail_messages (program_id, year, person_id, participant_id, session_id, kind, recipient, lang, state, created_at, updated_at)
SELECT s.program_id, s.year, x.person_id, x.id, s.id, 'reminder', COALESCE(x.email, p.email, ''),
    CASE WHEN x.language IN ('nb', 'nn', 'en') THEN x.language ELSE 'nb' END, 'queued', :now, :now
FROM mentor_sessions s
JOIN participants x ON x.program_id = s.program_id AND x.year = s.year AND x.role = 'student'
JOIN persons p ON p.id = x.person_id
WHERE s.starts_at >= :from AND s.starts_at < :to AND s.cancelled_at IS NULL AND s.group_id IS NULL
    AND x.in_roster AND x.state = 'active' AND NOT x.file_opt_out AND NOT x.mail_opt_out AND COALESCE(x.email, p.email, '') <> ''
    AND NOT EXISTS (SELECT 1 FROM mail_messages r WHERE r.session_id = s.id AND r.participant_id = x.id AND r.kind = 'reminder')
LIMIT 5000
RETURNING id

-- name: QueueMessage
INSERT INTO mail_messages (program_id, year, person_id, participant_id, session_id, kind, recipient, lang, state, created_at, updated_at)
SELECT x.program_id, x.year, x.person_id, x.id, :session_id, :kind, COALESCE(x.email, p.email, ''),
    CASE WHEN x.language IN ('nb', 'nn', 'en') THEN x.language ELSE 'nb' END, 'queued', :now, :now
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.id = :participant_id AND COALESCE(x.email, p.email, '') <> ''
RETURNING id

-- name: FindMessage
SELECT m.id, m.kind, m.recipient, m.lang, m.state, COALESCE(m.program_id, 0), COALESCE(m.year, 0),
    COALESCE(m.participant_id, 0), COALESCE(m.session_id, 0), m.attempts, m.created_at
FROM mail_messages m WHERE m.id = :id

-- name: SaveMessageOutcome
UPDATE mail_messages SET state = :state, error = :error, message_id = :message_id, attempts = attempts + 1, updated_at = :now
WHERE id = :id

-- name: CountMessages
SELECT kind, state, COUNT(*) FROM mail_messages WHERE program_id = :program_id AND year = :year GROUP BY kind, state

-- name: FindMailContext
-- What a message to a participant says: their name, opt-out, program and
-- their group now, with its mentors.
SELECT COALESCE(x.given_name, p.given_name), x.mail_opt_out, g.name, g.purpose, g.contact, COALESCE(m.group_id, 0), COALESCE(mg.name, '')
FROM participants x JOIN persons p ON p.id = x.person_id JOIN programs g ON g.id = x.program_id
LEFT JOIN group_members m ON m.participant_id = x.id AND m.role = 'student' AND m.valid_to IS NULL
LEFT JOIN mentor_groups mg ON mg.id = m.group_id
WHERE x.id = :id

-- name: FindGroupMentorNames
SELECT COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name), COALESCE(x.email, p.email, '')
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.group_id = :group_id AND m.role = 'mentor' AND m.valid_to IS NULL
ORDER BY m.position, m.id

-- name: FindNextSession
-- The next session a student of a group is expected at after a moment:
-- their group's or a plenary.
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), COALESCE(g.name, ''), s.series, s.title, s.topic, s.location,
    s.responsible, s.checklist, s.starts_at, s.ends_at, s.roster_at, s.checkin_code, s.sequence, s.cancelled_at,
    s.present_count, s.created_at, s.updated_at
FROM mentor_sessions s LEFT JOIN mentor_groups g ON g.id = s.group_id
WHERE s.program_id = :program_id AND s.year = :year AND s.starts_at > :after AND s.cancelled_at IS NULL
    AND (s.group_id = :group_id OR s.group_id IS NULL)
ORDER BY s.starts_at, s.id
LIMIT 1

-- name: QueueWelcomesDue
-- A welcome to every student placed in a group of a program year whose
-- sessions begin within two weeks (or have begun) and who has none yet.
INSERT INTO mail_messages (program_id, year, person_id, participant_id, kind, recipient, lang, state, created_at, updated_at)
SELECT x.program_id, x.year, x.person_id, x.id, 'welcome', COALESCE(x.email, p.email, ''),
    CASE WHEN x.language IN ('nb', 'nn', 'en') THEN x.language ELSE 'nb' END, 'queued', :now, :now
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.role = 'student' AND x.in_roster AND x.state = 'active' AND NOT x.file_opt_out AND COALESCE(x.email, p.email, '') <> ''
    AND EXISTS (SELECT 1 FROM group_members m WHERE m.participant_id = x.id AND m.valid_to IS NULL)
    AND EXISTS (SELECT 1 FROM mentor_sessions s WHERE s.program_id = x.program_id AND s.year = x.year
        AND s.cancelled_at IS NULL AND s.starts_at < :soon AND s.ends_at > :now)
    AND NOT EXISTS (SELECT 1 FROM mail_messages w WHERE w.participant_id = x.id AND w.kind = 'welcome')
LIMIT 5000
RETURNING id

-- name: FindGroupMentorIDs
SELECT m.participant_id FROM group_members m WHERE m.group_id = :group_id AND m.role = 'mentor' AND m.valid_to IS NULL
ORDER BY m.position, m.id

-- name: LastMessageAt
-- When a participant was last sent (or queued) a message of a kind.
SELECT created_at FROM mail_messages WHERE participant_id = :participant_id AND kind = :kind
ORDER BY created_at DESC LIMIT 1

-- name: FindCheckinSession
-- A session and its program's institution, as FindCheckinFacts reads
-- them, for the check-in cache (cache.go).
SELECT s.id, s.program_id, s.year, COALESCE(s.group_id, 0), s.starts_at, s.roster_at, s.cancelled_at, g.institution_id
FROM mentor_sessions s JOIN programs g ON g.id = s.program_id
WHERE s.id = :id

-- name: FindRosterInGroup
-- Every student membership of a group in its program year, past ones
-- too, with the student: the check-in cache decides from valid_from and
-- valid_to who is expected at each of the group's sessions, as
-- FindExpectedStudentInGroup does.
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    m.valid_from, m.valid_to
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.group_id = :group_id AND m.role = 'student' AND x.program_id = :program_id AND x.year = :year AND x.role = 'student'
ORDER BY x.id, m.valid_from

-- name: FindRosterInProgram
-- The students expected at a plenary: FindExpectedStudentInProgram for
-- every student at once (the membership columns only match
-- FindRosterInGroup's shape).
SELECT x.id, x.person_id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    x.created_at, NULL
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student'
    AND x.in_roster AND x.state = 'active' AND NOT x.file_opt_out
ORDER BY x.id

