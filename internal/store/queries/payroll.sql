-- Rates, timesheets and their lines.

-- name: FindRates
SELECT id, hourly_ore, training_paid, set_at FROM pay_rates
WHERE program_id = :program_id AND year = :year ORDER BY id DESC LIMIT 1

-- name: FindItemRates
SELECT category, ore FROM pay_item_rates WHERE rate_id = :rate_id ORDER BY category

-- name: CreateRates
INSERT INTO pay_rates (program_id, year, hourly_ore, training_paid, account_id, set_at)
VALUES (:program_id, :year, :hourly_ore, :training_paid, :account_id, :now)
RETURNING id

-- name: CreateItemRate
INSERT INTO pay_item_rates (rate_id, category, ore) VALUES (:rate_id, :category, :ore)

-- name: PayFindMentor
-- An active mentor of a program year by mentor id, with the person's
-- employee id (the mentor id where the person has none) and the hourly
-- rate of their contract, if they were hired through a posting.
SELECT x.id, x.external_id, COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
       COALESCE(NULLIF(p.employee_id, ''), x.external_id), c.hourly_ore
FROM participants x JOIN persons p ON p.id = x.person_id
LEFT JOIN mentor_contracts c ON c.participant_id = x.id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor' AND x.state = 'active' AND x.external_id = :ref
ORDER BY x.id LIMIT 1

-- name: CreateTimesheet
INSERT INTO timesheets (program_id, year, participant_id, month, state, hourly_ore, amount_ore, submitted_at, submitted_by)
VALUES (:program_id, :year, :participant_id, :month, 'submitted', :hourly_ore, :amount_ore, :now, :account_id)
ON CONFLICT (participant_id, month) WHERE state <> 'returned' DO NOTHING
RETURNING id

-- name: CreateTimesheetLine
INSERT INTO timesheet_lines (timesheet_id, category, quarter_hours, items, item_ore)
VALUES (:timesheet_id, :category, :quarter_hours, :items, :item_ore)

-- name: FindTimesheets
SELECT t.id, t.program_id, t.year, t.participant_id, x.external_id,
       COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name),
       COALESCE(NULLIF(p.employee_id, ''), x.external_id),
       t.month, t.state, t.hourly_ore, t.amount_ore, t.comment, t.submitted_at, t.decided_at
FROM timesheets t JOIN participants x ON x.id = t.participant_id JOIN persons p ON p.id = x.person_id
WHERE (:id = 0 OR t.id = :id) AND (:program_id = 0 OR t.program_id = :program_id)
  AND (:month = '' OR t.month = :month) AND (:state = '' OR t.state = :state)
  AND (:participant_id = 0 OR t.participant_id = :participant_id)
ORDER BY t.month DESC, x.external_id, t.id

-- name: FindTimesheetLines
SELECT l.timesheet_id, l.category, l.quarter_hours, l.items, l.item_ore
FROM timesheet_lines l JOIN timesheets t ON t.id = l.timesheet_id
WHERE (:id = 0 OR t.id = :id) AND (:program_id = 0 OR t.program_id = :program_id)
  AND (:month = '' OR t.month = :month) AND (:state = '' OR t.state = :state)
  AND (:participant_id = 0 OR t.participant_id = :participant_id)

-- name: DecideTimesheet
UPDATE timesheets SET state = :state, comment = :comment, decided_at = :now, decided_by = :account_id
WHERE id = :id AND state = 'submitted'

-- name: FindSessionsLed
-- The minutes of the group sessions a mentor led in [from, to): of a group
-- they were a mentor of for it (by the rule that decides who is expected:
-- a member by the time its roster was fixed, not gone before it began),
-- not cancelled, begun by now, held
-- (its roster was taken: someone was marked present, absent or excused),
-- and the mentor not marked absent.
SELECT s.starts_at, s.ends_at
FROM mentor_sessions s
JOIN group_members m ON m.group_id = s.group_id AND m.participant_id = :participant_id AND m.role = 'mentor'
     AND m.valid_from <= s.roster_at AND (m.valid_to IS NULL OR m.valid_to > s.starts_at)
WHERE s.starts_at >= :from AND s.starts_at < :to AND s.starts_at <= :now AND s.cancelled_at IS NULL
  AND EXISTS (SELECT 1 FROM checkins h WHERE h.session_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.session_id = s.id AND c.participant_id = :participant_id AND c.status = 'absent')
ORDER BY s.starts_at

-- name: FindShiftsWorked
SELECT s.starts_at, s.ends_at
FROM shift_duties u JOIN desk_shifts s ON s.id = u.shift_id
WHERE u.participant_id = :participant_id AND s.starts_at >= :from AND s.starts_at < :to AND s.starts_at <= :now
ORDER BY s.starts_at

-- name: CountFeedbackReturned
SELECT COUNT(*) FROM feedback_items
WHERE claimed_by = :participant_id AND returned_at >= :from AND returned_at < :to

-- name: FindPlan
SELECT mentors, mentor_quarters, hourly_ore, catering_ore, materials_ore, coordinator_quarters, coordinator_ore, set_at
FROM cost_plans WHERE program_id = :program_id AND year = :year ORDER BY id DESC LIMIT 1

-- name: CreatePlan
INSERT INTO cost_plans (program_id, year, mentors, mentor_quarters, hourly_ore, catering_ore, materials_ore,
    coordinator_quarters, coordinator_ore, account_id, set_at)
VALUES (:program_id, :year, :mentors, :mentor_quarters, :hourly_ore, :catering_ore, :materials_ore,
    :coordinator_quarters, :coordinator_ore, :account_id, :now)

-- name: FindPaid
SELECT COALESCE(SUM(amount_ore), 0) FROM timesheets
WHERE program_id = :program_id AND year = :year AND state = 'approved'

-- name: CountYearStudents
SELECT COUNT(*),
       COUNT(CASE WHEN EXISTS (SELECT 1 FROM checkins c JOIN mentor_sessions s ON s.id = c.session_id
                               WHERE c.participant_id = x.id AND c.status = 'present'
                                 AND s.program_id = x.program_id AND s.year = x.year) THEN 1 END)
FROM participants x
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'student' AND x.state = 'active' AND x.in_roster

-- name: FindPeers
-- The unit's other programs (of the whole institution when unit is 0)
-- with the rates of their latest year that has rates.
SELECT g.id, g.name, r.year, r.id, r.hourly_ore
FROM programs g JOIN pay_rates r ON r.program_id = g.id
WHERE g.institution_id = :institution_id AND COALESCE(g.unit_id, 0) = :unit_id AND g.id <> :program_id
  AND r.id = (SELECT MAX(z.id) FROM pay_rates z WHERE z.program_id = g.id
              AND z.year = (SELECT MAX(y.year) FROM pay_rates y WHERE y.program_id = g.id))
ORDER BY g.name, g.id

-- name: PayCurrentYear
SELECT COALESCE(MAX(year), 0) FROM program_years WHERE program_id = :program_id AND year <= :year

-- name: PayYears
-- A program's years up to one, latest first.
SELECT year FROM program_years WHERE program_id = :program_id AND year <= :year ORDER BY year DESC
