-- Desks, rotas, visits, the feedback queue, talks, reflection notes,
-- office hours and appointments.

-- name: DeskFindParticipant
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name)
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND (x.role = :role OR :role = '') AND x.external_id = :ref
  AND x.in_roster AND x.state = 'active'
ORDER BY x.role DESC, x.id

-- name: CreateDesk
INSERT INTO desks (program_id, year, name, place, on_duty, created_at)
VALUES (:program_id, :year, :name, :place, :on_duty, :now)
RETURNING id

-- name: CreateDeskSlot
INSERT INTO desk_slots (desk_id, weekday, starts, ends, place)
VALUES (:desk_id, :weekday, :starts, :ends, :place)
RETURNING id

-- name: AddDeskMentor
INSERT INTO desk_mentors (desk_id, participant_id, position) VALUES (:desk_id, :participant_id, :position)

-- name: FindDesk
SELECT id, program_id, year, name, place, on_duty, created_at FROM desks WHERE id = :id

-- name: FindDesks
SELECT id, program_id, year, name, place, on_duty, created_at FROM desks
WHERE program_id = :program_id AND year = :year ORDER BY name, id

-- name: FindDeskSlots
-- The slots of one desk (:id) or of a program year's desks, in one query.
SELECT s.desk_id, s.id, s.weekday, s.starts, s.ends, s.place
FROM desk_slots s JOIN desks d ON d.id = s.desk_id
WHERE d.id = :id OR (d.program_id = :program_id AND d.year = :year)
ORDER BY s.desk_id, s.weekday, s.starts, s.id

-- name: FindDeskMentors
-- The pools of one desk (:id) or of a program year's desks, in one query.
SELECT m.desk_id, x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name)
FROM desk_mentors m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
JOIN desks d ON d.id = m.desk_id
WHERE d.id = :id OR (d.program_id = :program_id AND d.year = :year)
ORDER BY m.desk_id, m.position

-- name: CreateShift
-- A slot's shift at a time is made once: a second rota over the same
-- weeks leaves the first one's shifts (and duties) as they are.
INSERT INTO desk_shifts (desk_id, slot_id, starts_at, ends_at, place, sequence, created_at, updated_at)
VALUES (:desk_id, :slot_id, :starts_at, :ends_at, :place, 0, :now, :now)
ON CONFLICT (slot_id, starts_at) DO NOTHING
RETURNING id

-- name: AddDuty
INSERT INTO shift_duties (shift_id, participant_id) VALUES (:shift_id, :participant_id)

-- name: CountShifts
SELECT COUNT(*) FROM desk_shifts WHERE desk_id = :desk_id

-- name: FindShift
SELECT s.id, s.desk_id, s.slot_id, s.starts_at, s.ends_at, s.place, s.sequence, s.updated_at,
    COALESCE((SELECT SUM(v.visitors) FROM desk_visits v WHERE v.shift_id = s.id), 0)
FROM desk_shifts s WHERE s.id = :id

-- name: FindShifts
SELECT s.id, s.desk_id, s.slot_id, s.starts_at, s.ends_at, s.place, s.sequence, s.updated_at,
    COALESCE((SELECT SUM(v.visitors) FROM desk_visits v WHERE v.shift_id = s.id), 0)
FROM desk_shifts s WHERE s.desk_id = :desk_id ORDER BY s.starts_at, s.id

-- name: FindDuties
-- The duties of a desk's shifts (shift_id = 0) or of one shift, in rota order.
SELECT u.shift_id, x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    u.offered_at
FROM shift_duties u JOIN desk_shifts s ON s.id = u.shift_id
JOIN participants x ON x.id = u.participant_id JOIN persons p ON p.id = x.person_id
LEFT JOIN desk_mentors m ON m.desk_id = s.desk_id AND m.participant_id = u.participant_id
WHERE s.desk_id = :desk_id AND (u.shift_id = :shift_id OR :shift_id = 0)
ORDER BY u.shift_id, COALESCE(m.position, 1000000), x.id

-- name: OfferDuty
UPDATE shift_duties SET offered_at = :offered_at WHERE shift_id = :shift_id AND participant_id = :participant_id

-- name: MoveDuty
UPDATE shift_duties SET participant_id = :to_id, offered_at = NULL
WHERE shift_id = :shift_id AND participant_id = :from_id

-- name: MoveOfferedDuty
-- Taking an offer: only while it is offered, so of two mentors taking the
-- same offer one moves it and the other finds nothing to move.
UPDATE shift_duties SET participant_id = :to_id, offered_at = NULL
WHERE shift_id = :shift_id AND participant_id = :from_id AND offered_at IS NOT NULL

-- name: LogSwap
INSERT INTO desk_swaps (shift_id, from_participant, to_participant, account_id, created_at)
VALUES (:shift_id, :from_id, :to_id, :account_id, :now)

-- name: BumpShift
UPDATE desk_shifts SET sequence = sequence + 1, updated_at = :now WHERE id = :id

-- name: AddVisit
INSERT INTO desk_visits (shift_id, participant_id, visitors, topic, account_id, created_at)
VALUES (:shift_id, :participant_id, :visitors, :topic, :account_id, :now)
ON CONFLICT (shift_id, participant_id) DO NOTHING
RETURNING id

-- name: FindVisits
SELECT v.id, v.shift_id, COALESCE(v.participant_id, 0), COALESCE(x.external_id, ''),
    COALESCE(COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name), ''),
    v.visitors, v.topic, v.created_at
FROM desk_visits v LEFT JOIN participants x ON x.id = v.participant_id LEFT JOIN persons p ON p.id = x.person_id
WHERE v.shift_id = :shift_id ORDER BY v.created_at, v.id

-- name: CreateItem
INSERT INTO feedback_items (program_id, year, participant_id, kind, title, body, submitted_at)
VALUES (:program_id, :year, :participant_id, :kind, :title, :body, :now)
RETURNING id

-- name: FindItem
SELECT f.id, f.program_id, f.year, f.kind, f.title, f.body, f.submitted_at,
    f.participant_id, sx.external_id, COALESCE(sx.given_name, sp.given_name) || ' ' || COALESCE(sx.family_name, sp.family_name),
    COALESCE(f.claimed_by, 0), COALESCE(mx.external_id, ''),
    COALESCE(COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name), ''),
    f.claimed_at, f.feedback, f.returned_at
FROM feedback_items f JOIN participants sx ON sx.id = f.participant_id JOIN persons sp ON sp.id = sx.person_id
LEFT JOIN participants mx ON mx.id = f.claimed_by LEFT JOIN persons mp ON mp.id = mx.person_id
WHERE f.id = :id

-- name: FindItems
SELECT f.id, f.program_id, f.year, f.kind, f.title, f.body, f.submitted_at,
    f.participant_id, sx.external_id, COALESCE(sx.given_name, sp.given_name) || ' ' || COALESCE(sx.family_name, sp.family_name),
    COALESCE(f.claimed_by, 0), COALESCE(mx.external_id, ''),
    COALESCE(COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name), ''),
    f.claimed_at, f.feedback, f.returned_at
FROM feedback_items f JOIN participants sx ON sx.id = f.participant_id JOIN persons sp ON sp.id = sx.person_id
LEFT JOIN participants mx ON mx.id = f.claimed_by LEFT JOIN persons mp ON mp.id = mx.person_id
WHERE f.program_id = :program_id AND f.year = :year AND (f.participant_id = :student_id OR :student_id = 0)
ORDER BY f.submitted_at, f.id

-- name: ClaimItem
-- The claim and its check are one statement: of concurrent claims one
-- updates the row and the others find it claimed.
UPDATE feedback_items SET claimed_by = :mentor_id, claimed_at = :now WHERE id = :id AND claimed_by IS NULL

-- name: FindClaim
SELECT COALESCE(claimed_by, 0) FROM feedback_items WHERE id = :id

-- name: ReturnItem
UPDATE feedback_items SET feedback = :feedback, returned_at = :now
WHERE id = :id AND claimed_by = :mentor_id AND returned_at IS NULL

-- name: FindReturned
SELECT mx.id, mx.external_id, COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name), f.returned_at
FROM feedback_items f JOIN participants mx ON mx.id = f.claimed_by JOIN persons mp ON mp.id = mx.person_id
WHERE f.program_id = :program_id AND f.year = :year AND f.returned_at IS NOT NULL
ORDER BY f.returned_at, f.id

-- name: FindDutiesDone
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name), s.starts_at
FROM shift_duties u JOIN desk_shifts s ON s.id = u.shift_id JOIN desks d ON d.id = s.desk_id
JOIN participants x ON x.id = u.participant_id JOIN persons p ON p.id = x.person_id
WHERE d.program_id = :program_id AND d.year = :year AND s.starts_at <= :before
ORDER BY s.starts_at, s.id

-- name: CreateTalk
INSERT INTO talks (program_id, year, mentor_id, student_id, held_at, minutes, account_id, created_at)
VALUES (:program_id, :year, :mentor_id, :student_id, :held_at, :minutes, :account_id, :now)
RETURNING id

-- name: FindTalks
SELECT t.id, t.program_id, t.year,
    mx.id, mx.external_id, COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name),
    sx.id, sx.external_id, COALESCE(sx.given_name, sp.given_name) || ' ' || COALESCE(sx.family_name, sp.family_name),
    t.held_at, t.minutes, t.created_at
FROM talks t JOIN participants mx ON mx.id = t.mentor_id JOIN persons mp ON mp.id = mx.person_id
JOIN participants sx ON sx.id = t.student_id JOIN persons sp ON sp.id = sx.person_id
WHERE t.program_id = :program_id AND t.year = :year
ORDER BY t.held_at, t.id

-- name: SaveNote
INSERT INTO reflection_notes (participant_id, program_id, year, state, credit, recorded_on, account_id, updated_at)
VALUES (:participant_id, :program_id, :year, :state, :credit, :recorded_on, :account_id, :now)
ON CONFLICT (participant_id) DO UPDATE SET state = excluded.state, credit = excluded.credit,
    recorded_on = excluded.recorded_on, account_id = excluded.account_id, updated_at = excluded.updated_at

-- name: FindNotes
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
    n.state, n.credit, n.recorded_on, n.updated_at
FROM reflection_notes n JOIN participants x ON x.id = n.participant_id JOIN persons p ON p.id = x.person_id
WHERE n.program_id = :program_id AND n.year = :year
ORDER BY x.external_id, x.id

-- name: CreateOfficeHour
INSERT INTO office_hours (program_id, year, participant_id, starts_at, ends_at, place, sequence, created_at, updated_at)
VALUES (:program_id, :year, :participant_id, :starts_at, :ends_at, :place, 0, :now, :now)
RETURNING id

-- name: FindOfficeHour
SELECT o.id, o.program_id, o.year, mx.id, mx.external_id,
    COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name),
    o.starts_at, o.ends_at, o.place, o.sequence, o.cancelled_at, o.updated_at,
    COALESCE(a.id, 0), COALESCE(a.participant_id, 0), COALESCE(ax.external_id, ''),
    COALESCE(COALESCE(ax.given_name, ap.given_name) || ' ' || COALESCE(ax.family_name, ap.family_name), ''),
    COALESCE(a.sequence, 0), a.created_at, a.updated_at
FROM office_hours o JOIN participants mx ON mx.id = o.participant_id JOIN persons mp ON mp.id = mx.person_id
LEFT JOIN appointments a ON a.slot_id = o.id AND a.cancelled_at IS NULL
LEFT JOIN participants ax ON ax.id = a.participant_id LEFT JOIN persons ap ON ap.id = ax.person_id
WHERE o.id = :id

-- name: FindOfficeHours
SELECT o.id, o.program_id, o.year, mx.id, mx.external_id,
    COALESCE(mx.given_name, mp.given_name) || ' ' || COALESCE(mx.family_name, mp.family_name),
    o.starts_at, o.ends_at, o.place, o.sequence, o.cancelled_at, o.updated_at,
    COALESCE(a.id, 0), COALESCE(a.participant_id, 0), COALESCE(ax.external_id, ''),
    COALESCE(COALESCE(ax.given_name, ap.given_name) || ' ' || COALESCE(ax.family_name, ap.family_name), ''),
    COALESCE(a.sequence, 0), a.created_at, a.updated_at
FROM office_hours o JOIN participants mx ON mx.id = o.participant_id JOIN persons mp ON mp.id = mx.person_id
LEFT JOIN appointments a ON a.slot_id = o.id AND a.cancelled_at IS NULL
LEFT JOIN participants ax ON ax.id = a.participant_id LEFT JOIN persons ap ON ap.id = ax.person_id
WHERE o.program_id = :program_id AND o.year = :year
ORDER BY o.starts_at, o.id

-- name: Book
-- One open booking per slot (appointments_open): of concurrent bookings
-- one inserts and the others insert nothing.
INSERT INTO appointments (slot_id, participant_id, sequence, created_at, updated_at)
VALUES (:slot_id, :participant_id, 0, :now, :now)
ON CONFLICT (slot_id) WHERE cancelled_at IS NULL DO NOTHING
RETURNING id

-- name: CancelBooking
UPDATE appointments SET cancelled_at = :now, sequence = sequence + 1, updated_at = :now
WHERE slot_id = :slot_id AND cancelled_at IS NULL

-- name: CancelOfficeHour
UPDATE office_hours SET cancelled_at = :now, sequence = sequence + 1, updated_at = :now
WHERE id = :id AND cancelled_at IS NULL

-- name: FindPersonAppointments
-- A person's appointments, as the booking student or the slot's mentor.
SELECT a.id, o.place, o.starts_at, o.ends_at, a.sequence, a.cancelled_at, a.updated_at
FROM appointments a JOIN office_hours o ON o.id = a.slot_id
JOIN participants sx ON sx.id = a.participant_id JOIN participants mx ON mx.id = o.participant_id
WHERE sx.person_id = :person_id OR mx.person_id = :person_id

-- name: FindPersonOfficeHours
SELECT o.id, o.place, o.starts_at, o.ends_at, o.sequence, o.cancelled_at, o.updated_at
FROM office_hours o JOIN participants mx ON mx.id = o.participant_id
WHERE mx.person_id = :person_id

-- name: FindPersonShifts
-- The shifts a person is on duty at, and (cancelled for them) those they
-- swapped away and are not on duty at now.
SELECT s.id, d.name, s.place, s.starts_at, s.ends_at, s.sequence, s.updated_at, 0
FROM desk_shifts s JOIN desks d ON d.id = s.desk_id
WHERE EXISTS (SELECT 1 FROM shift_duties u JOIN participants x ON x.id = u.participant_id
    WHERE u.shift_id = s.id AND x.person_id = :person_id)
UNION
SELECT s.id, d.name, s.place, s.starts_at, s.ends_at, s.sequence, s.updated_at, 1
FROM desk_shifts s JOIN desks d ON d.id = s.desk_id
WHERE EXISTS (SELECT 1 FROM desk_swaps w JOIN participants x ON x.id = w.from_participant
    WHERE w.shift_id = s.id AND x.person_id = :person_id)
  AND NOT EXISTS (SELECT 1 FROM shift_duties u JOIN participants x ON x.id = u.participant_id
    WHERE u.shift_id = s.id AND x.person_id = :person_id)
