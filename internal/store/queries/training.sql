-- Training modules, completions and program years' required modules.

-- name: FindTrainingModules
SELECT id, COALESCE(institution_id, 0), code, name, provider, format, hours, credits, minimum, recommended, position
FROM training_modules
WHERE institution_id IS NULL OR institution_id = :institution_id
ORDER BY position, code, id

-- name: FindInstitutionPeople
SELECT id, COALESCE(student_number, ''), COALESCE(employee_id, '') FROM persons
WHERE institution_id = :institution_id

-- name: FindProgramPeople
SELECT DISTINCT p.id, COALESCE(p.student_number, ''), COALESCE(p.employee_id, '')
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND p.institution_id = :institution_id

-- name: FindCompletions
SELECT c.id, c.person_id, c.module_id, m.code, c.completed_on, c.source, COALESCE(c.account_id, 0), c.recorded_at
FROM training_completions c JOIN training_modules m ON m.id = c.module_id
WHERE c.person_id = :person_id
ORDER BY c.completed_on DESC, m.position, c.id

-- name: FindMentorships
-- The person's active mentor participations, the latest year of each
-- program they mentor in.
SELECT DISTINCT x.program_id, g.name, g.institution_id, x.year, y.training_custom
FROM participants x
JOIN programs g ON g.id = x.program_id
JOIN program_years y ON y.program_id = x.program_id AND y.year = x.year
WHERE x.person_id = :person_id AND x.role = 'mentor' AND x.state = 'active'
  AND x.year = (SELECT MAX(z.year) FROM participants z
                WHERE z.person_id = x.person_id AND z.program_id = x.program_id AND z.role = 'mentor')
ORDER BY g.name, x.program_id

-- name: FindRequirementCustom
SELECT training_custom FROM program_years WHERE program_id = :program_id AND year = :year

-- name: FindRequirementModules
SELECT module_id FROM program_training WHERE program_id = :program_id AND year = :year ORDER BY module_id

-- name: ClearRequirement
DELETE FROM program_training WHERE program_id = :program_id AND year = :year

-- name: AddRequirement
INSERT INTO program_training (program_id, year, module_id) VALUES (:program_id, :year, :module_id)

-- name: SetRequirementCustom
UPDATE program_years SET training_custom = :custom WHERE program_id = :program_id AND year = :year

-- name: FindTrainedMentors
-- Per program (one, or all for 0): the active mentors of its current
-- year (the latest opened up to :year) and how many of them have completed
-- every module the year requires (its own choice, else the minimum). The
-- current years are found once, then their mentors through
-- participants_active_mentors.
WITH cur AS (
    SELECT program_id, MAX(year) AS year FROM program_years
    WHERE year <= :year AND (:program_id = 0 OR program_id = :program_id)
    GROUP BY program_id
)
SELECT x.program_id, COUNT(*),
       SUM(CASE WHEN EXISTS (
           SELECT 1 FROM training_modules m
           WHERE (m.institution_id IS NULL OR m.institution_id = g.institution_id)
             AND ((y.training_custom AND EXISTS (SELECT 1 FROM program_training t
                                                 WHERE t.program_id = y.program_id AND t.year = y.year AND t.module_id = m.id))
                  OR (NOT y.training_custom AND m.minimum))
             AND NOT EXISTS (SELECT 1 FROM training_completions c WHERE c.person_id = x.person_id AND c.module_id = m.id))
           THEN 0 ELSE 1 END)
FROM cur
JOIN participants x ON x.program_id = cur.program_id AND x.year = cur.year
JOIN programs g ON g.id = x.program_id
JOIN program_years y ON y.program_id = x.program_id AND y.year = x.year
WHERE x.role = 'mentor' AND x.state = 'active' AND x.in_roster
GROUP BY x.program_id

-- name: FindYearMentors
-- The program year's active mentors, with whether an override lets them
-- lead a group without the required training.
SELECT x.id, x.person_id, x.external_id,
       COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
       COALESCE((SELECT o.reason FROM training_overrides o WHERE o.participant_id = x.id AND o.ended_at IS NULL ORDER BY o.id DESC LIMIT 1), '')
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor' AND x.state = 'active' AND x.in_roster
ORDER BY x.external_id, x.id

-- name: FindYearMentorCompletions
SELECT DISTINCT c.person_id, c.module_id
FROM training_completions c JOIN participants x ON x.person_id = c.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor'

-- name: FindGate
SELECT training_gate, training_custom FROM program_years WHERE program_id = :program_id AND year = :year

-- name: SetGate
UPDATE program_years SET training_gate = :gate WHERE program_id = :program_id AND year = :year

-- name: EndOverrides
UPDATE training_overrides SET ended_at = :now WHERE participant_id = :participant_id AND ended_at IS NULL

-- name: AddOverride
INSERT INTO training_overrides (participant_id, reason, account_id, created_at) VALUES (:participant_id, :reason, :account_id, :now)

-- name: CreateTrainingEvent
INSERT INTO training_events (institution_id, module_id, starts_at, ends_at, place, capacity, account_id, created_at, checkin_code)
VALUES (:institution_id, :module_id, :starts_at, :ends_at, :place, :capacity, :account_id, :now, :code)
RETURNING id

-- name: FindTrainingEvents
SELECT e.id, e.institution_id, e.module_id, m.code, m.name, e.starts_at, e.ends_at, e.place, e.capacity,
       (SELECT COUNT(*) FROM training_signups s WHERE s.event_id = e.id), e.cancelled_at, COALESCE(e.checkin_code, '')
FROM training_events e JOIN training_modules m ON m.id = e.module_id
WHERE (:id = 0 OR e.id = :id) AND (:institution_id = 0 OR e.institution_id = :institution_id) AND e.starts_at >= :from
  AND (:code = '' OR e.checkin_code = :code)
ORDER BY e.starts_at, e.id

-- name: TakePlace
-- A place on the roster while there is one and the event stands.
UPDATE training_events SET taken = taken + 1
WHERE id = :event_id AND cancelled_at IS NULL AND taken < capacity

-- name: GiveBackPlace
UPDATE training_events SET taken = taken - 1 WHERE id = :event_id AND taken > 0

-- name: SignUpForEvent
INSERT INTO training_signups (event_id, person_id, status, signed_up_at)
VALUES (:event_id, :person_id, 'signed_up', :now)
ON CONFLICT (event_id, person_id) DO NOTHING

-- name: IsSignedUp
SELECT COUNT(*) FROM training_signups WHERE event_id = :event_id AND person_id = :person_id

-- name: FindSignups
SELECT s.person_id, COALESCE(NULLIF(p.student_number, ''), COALESCE(p.employee_id, '')), p.given_name || ' ' || p.family_name, s.status
FROM training_signups s JOIN persons p ON p.id = s.person_id
WHERE s.event_id = :event_id
ORDER BY p.family_name, p.given_name, p.id

-- name: MarkSignup
INSERT INTO training_signups (event_id, person_id, status, signed_up_at, marked_at)
VALUES (:event_id, :person_id, :status, :now, :now)
ON CONFLICT (event_id, person_id) DO UPDATE SET status = excluded.status, marked_at = excluded.marked_at

-- name: FindYearMentorsExperience
-- The program year's active mentors with the number of earlier years
-- (of any program) the person has mentored in.
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name), x.programme_code,
       (SELECT COUNT(DISTINCT z.program_id * 10000 + z.year) FROM participants z
        WHERE z.person_id = x.person_id AND z.role = 'mentor' AND z.year < x.year)
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor' AND x.state = 'active'
ORDER BY x.external_id, x.id

-- name: FindMentorPairs
SELECT id, experienced_id, newcomer_id, created_at FROM mentor_pairs
WHERE program_id = :program_id AND year = :year AND ended_at IS NULL ORDER BY id

-- name: CreateMentorPair
INSERT INTO mentor_pairs (program_id, year, experienced_id, newcomer_id, account_id, created_at)
VALUES (:program_id, :year, :experienced_id, :newcomer_id, :account_id, :now)
ON CONFLICT (newcomer_id) WHERE ended_at IS NULL DO NOTHING
RETURNING id

-- name: EndMentorPair
UPDATE mentor_pairs SET ended_at = :now WHERE id = :id AND program_id = :program_id AND ended_at IS NULL

-- name: CreateMentorMeeting
INSERT INTO mentor_meetings (program_id, year, kind, title, starts_at, ends_at, place, account_id, created_at)
VALUES (:program_id, :year, :kind, :title, :starts_at, :ends_at, :place, :account_id, :now)
RETURNING id

-- name: FindMentorMeetings
SELECT id, kind, title, starts_at, ends_at, place FROM mentor_meetings
WHERE program_id = :program_id AND year = :year ORDER BY starts_at, id

-- name: FindMeetingMentors
-- The year's active mentors, whether each is a chief mentor, and their
-- marks at the year's meetings.
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name), x.programme_code,
       x.chief, x.person_id
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor' AND x.state = 'active'
ORDER BY x.programme_code, x.external_id, x.id

-- name: FindMeetingMarks
SELECT a.meeting_id, a.participant_id, a.status FROM meeting_attendance a JOIN mentor_meetings m ON m.id = a.meeting_id
WHERE m.program_id = :program_id AND m.year = :year

-- name: MarkMeeting
INSERT INTO meeting_attendance (meeting_id, participant_id, status, marked_at) VALUES (:meeting_id, :participant_id, :status, :now)
ON CONFLICT (meeting_id, participant_id) DO UPDATE SET status = excluded.status, marked_at = excluded.marked_at

-- name: CreateTrainingModule
INSERT INTO training_modules (institution_id, code, name, provider, format, hours, credits, minimum, recommended, position, created_at)
VALUES (:institution_id, :code, :name, :provider, :format, :hours, :credits, FALSE, :recommended,
        (SELECT COALESCE(MAX(position), 0) + 1 FROM training_modules WHERE institution_id IS NULL OR institution_id = :institution_id), :now)
RETURNING id

-- name: FindPersonMeetingsFeed
-- The mentors' meetings of every program year the person is an active
-- mentor in: all mentors' meetings, and chief mentors' meetings where
-- they are a chief mentor.
SELECT DISTINCT m.id, m.title, pr.name, m.place, m.starts_at, m.ends_at, m.created_at
FROM mentor_meetings m
JOIN participants x ON x.program_id = m.program_id AND x.year = m.year
JOIN programs pr ON pr.id = m.program_id
WHERE x.person_id = :person_id AND x.role = 'mentor' AND x.state = 'active' AND (m.kind = 'mentors' OR x.chief)
ORDER BY m.starts_at, m.id

-- name: FindPersonEventsFeed
-- The training events the person signed up for, cancelled ones too.
SELECT e.id, m.name, e.place, e.starts_at, e.ends_at, e.cancelled_at, e.created_at
FROM training_signups s JOIN training_events e ON e.id = s.event_id JOIN training_modules m ON m.id = e.module_id
WHERE s.person_id = :person_id
ORDER BY e.starts_at, e.id

-- name: CancelTrainingEvent
UPDATE training_events SET cancelled_at = :now WHERE id = :id AND cancelled_at IS NULL

-- name: FindPersonContact
-- A person's address, given name and language: that of their latest
-- participation that gives one (the student system's import), else ''.
SELECT COALESCE(p.email, ''), p.given_name,
       COALESCE((SELECT x.language FROM participants x WHERE x.person_id = p.id AND x.language <> ''
                 ORDER BY x.id DESC LIMIT 1), '')
FROM persons p WHERE p.id = :id

-- name: FindPersonSignups
SELECT event_id, status FROM training_signups WHERE person_id = :person_id

-- name: WithdrawSignup
DELETE FROM training_signups WHERE event_id = :event_id AND person_id = :person_id AND status = 'signed_up'
