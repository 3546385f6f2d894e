-- Participants of programs, their groups, allocations, import mappings,
-- import drafts and sign-up settings.

-- name: UpsertStudentPerson
INSERT INTO persons (institution_id, given_name, family_name, email, student_number, created_at)
VALUES (:institution_id, :given_name, :family_name, :email, :external_id, :now)
ON CONFLICT (institution_id, student_number) DO UPDATE
SET given_name = excluded.given_name, family_name = excluded.family_name, email = excluded.email
RETURNING id

-- name: FindPersonNumber
SELECT COALESCE(student_number, '') FROM persons WHERE id = :id

-- name: CreateParticipant
INSERT INTO participants (program_id, year, person_id, role, external_id, programme_code, cohort, campus, language, gender,
    international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector, languages, ranking,
    motivation, chief, source, in_roster, state, state_reason, state_at, created_at, updated_at)
VALUES (:program_id, :year, :person_id, :role, :external_id, :programme_code, :cohort, :campus, :language, :gender,
    :international, :slots, :with_ref, :avoid_ref, :file_opt_out, :kind, :max_groups, :field, :sector, :languages, :ranking,
    :motivation, :chief, :source, TRUE, :state, :state_reason, :state_at, :now, :now)
RETURNING id

-- name: UpdateParticipant
UPDATE participants SET programme_code = :programme_code, cohort = :cohort, campus = :campus, language = :language,
    field = :field, sector = :sector, languages = :languages, ranking = :ranking, motivation = :motivation,
    chief = :chief, state = :state, state_reason = :state_reason, state_at = :state_at, updated_at = :now
WHERE id = :id

-- name: DeleteApplication
-- Only an application awaiting a decision: it was never in a group.
DELETE FROM participants WHERE id = :id AND state = 'applied' AND source = 'application'

-- name: RemoveFromRoster
UPDATE participants SET in_roster = FALSE, updated_at = :now WHERE id = :id

-- name: LeaveGroups
-- Closes the participant's open memberships: they stay as history.
UPDATE group_members SET valid_to = :now WHERE participant_id = :id AND valid_to IS NULL

-- name: FindParticipants
SELECT x.id, x.program_id, x.year, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = :role
ORDER BY x.id

-- name: FindParticipant
SELECT x.id, x.program_id, x.year, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.id = :id

-- name: FindParticipationsOfPerson
SELECT x.id, x.program_id, x.year, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.person_id = :person_id
ORDER BY x.program_id, x.year, x.role

-- name: FindMembershipsOfProgram
-- The open memberships: the groups participants are in now.
SELECT participant_id, group_id FROM group_members
WHERE program_id = :program_id AND year = :year AND valid_to IS NULL ORDER BY group_id

-- name: FindMembershipsOfParticipant
SELECT participant_id, group_id FROM group_members WHERE participant_id = :id AND valid_to IS NULL ORDER BY group_id

-- name: FindMembershipsOfPerson
SELECT m.participant_id, m.group_id FROM group_members m JOIN participants x ON x.id = m.participant_id
WHERE x.person_id = :person_id AND m.valid_to IS NULL ORDER BY m.group_id

-- name: FindGroups
SELECT id, program_id, year, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons
FROM mentor_groups WHERE program_id = :program_id AND year = :year AND dissolved_at IS NULL ORDER BY id

-- name: FindGroupMembers
SELECT m.group_id, m.role, x.id, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''), x.cohort, x.kind, x.chief
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.program_id = :program_id AND m.year = :year AND m.valid_to IS NULL
ORDER BY m.group_id, m.position

-- name: FindGroupsEver
-- A program year's groups, dissolved ones too: a code formed again
-- revives its group.
SELECT id, program_id, year, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons
FROM mentor_groups WHERE program_id = :program_id AND year = :year ORDER BY id

-- name: FindGroupByID
SELECT id, program_id, year, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons
FROM mentor_groups WHERE id = :id

-- name: FindMembersOfGroup
SELECT m.group_id, m.role, x.id, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''), x.cohort, x.kind, x.chief
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.group_id = :id AND m.valid_to IS NULL
ORDER BY m.position

-- name: FindMembersOn
-- Who was in a group at a moment: the memberships open then.
SELECT m.group_id, m.role, x.id, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''), x.cohort, x.kind, x.chief
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.group_id = :id AND m.valid_from <= :at AND (m.valid_to IS NULL OR m.valid_to > :at)
ORDER BY m.position, m.id

-- name: CountTakingPart
-- As people.Participant.Placeable.
SELECT COUNT(*) FROM participants
WHERE program_id = :program_id AND year = :year AND role = 'student' AND in_roster AND NOT file_opt_out AND state = 'active'

-- name: CreateAllocation
INSERT INTO allocations (program_id, year, account_id, mode, params, result, created_at)
VALUES (:program_id, :year, :account_id, :mode, :params, :result, :now) RETURNING id

-- name: LastAllocation
SELECT id, program_id, year, COALESCE(account_id, 0), mode, params, result, created_at FROM allocations
WHERE program_id = :program_id AND year = :year AND mode <> 'match' ORDER BY id DESC LIMIT 1

-- name: FindOpenMemberships
SELECT id, group_id, participant_id, role, position FROM group_members
WHERE program_id = :program_id AND year = :year AND valid_to IS NULL

-- name: CloseMembership
UPDATE group_members SET valid_to = :now WHERE id = :id

-- name: SetMemberPosition
UPDATE group_members SET position = :position WHERE id = :id

-- name: CreateGroup
INSERT INTO mentor_groups (program_id, year, allocation_id, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons, created_at)
VALUES (:program_id, :year, :allocation_id, :code, :name, :programme_code, :cohort, :meeting_slot, :slot_coverage, :undersized, :reasons, :now)
RETURNING id

-- name: UpdateGroup
UPDATE mentor_groups SET allocation_id = :allocation_id, name = :name,
    programme_code = :programme_code, cohort = :cohort, meeting_slot = :meeting_slot, slot_coverage = :slot_coverage,
    undersized = :undersized, reasons = :reasons, dissolved_at = NULL
WHERE id = :id

-- name: DissolveGroup
-- A group no longer formed stays, dissolved, for its memberships' history.
UPDATE mentor_groups SET dissolved_at = :now WHERE id = :id AND dissolved_at IS NULL

-- name: RenameGroup
UPDATE mentor_groups SET name = :name WHERE id = :id AND program_id = :program_id AND year = :year

-- name: FindMapping
SELECT mapping FROM import_mappings WHERE institution_id = :institution_id AND kind = :kind AND header_key = :header_key

-- name: SaveMapping
INSERT INTO import_mappings (institution_id, kind, header_key, mapping, updated_at)
VALUES (:institution_id, :kind, :header_key, :mapping, :now)
ON CONFLICT (institution_id, kind, header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at

-- name: CreateDraft
INSERT INTO import_drafts (program_id, year, account_id, kind, filename, data, mapping, created_at)
VALUES (:program_id, :year, :account_id, :kind, :filename, :data, :mapping, :now) RETURNING id

-- name: FindDraft
SELECT id, program_id, year, account_id, kind, filename, data, mapping, created_at FROM import_drafts WHERE id = :id

-- name: DeleteDraft
DELETE FROM import_drafts WHERE id = :id

-- name: DeleteDraftsBefore
DELETE FROM import_drafts WHERE created_at < :before

-- name: FindSignup
SELECT program_id, deadline, capacity FROM program_signup WHERE program_id = :program_id

-- name: SaveSignup
INSERT INTO program_signup (program_id, deadline, capacity) VALUES (:program_id, :deadline, :capacity)
ON CONFLICT (program_id) DO UPDATE SET deadline = excluded.deadline, capacity = excluded.capacity

-- name: FindLastGroup
-- The group of a participant's latest closed student membership, unless
-- groups were formed anew (an allocation of mode full) since it opened:
-- such an allocation closes and opens every membership, so one later
-- than hers came after she left.
SELECT m.group_id FROM group_members m
WHERE m.id = (SELECT l.id FROM group_members l WHERE l.participant_id = :id AND l.role = 'student' AND l.valid_to IS NOT NULL
        ORDER BY l.valid_to DESC, l.id DESC LIMIT 1)
    AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.program_id = m.program_id AND a.year = m.year AND a.mode = 'full'
        AND a.id > COALESCE(m.allocation_id, 0))

-- name: JoinGroup
INSERT INTO group_members (group_id, participant_id, program_id, year, allocation_id, role, position, valid_from)
SELECT g.id, :participant_id, g.program_id, g.year, g.allocation_id, 'student',
    (SELECT COALESCE(MAX(m.position), -1) + 1 FROM group_members m WHERE m.group_id = g.id AND m.valid_to IS NULL), :now
FROM mentor_groups g WHERE g.id = :group_id AND g.dissolved_at IS NULL

-- name: SetGroupCoverage
UPDATE mentor_groups SET slot_coverage = :slot_coverage WHERE id = :id

-- name: FindYears
-- A program's years with their figures: students and participants in the
-- roster taking part or not, groups formed.
SELECT y.year, y.opened_at,
    (SELECT COUNT(*) FROM participants x WHERE x.program_id = y.program_id AND x.year = y.year AND x.in_roster AND x.role = 'student'),
    (SELECT COUNT(*) FROM participants x WHERE x.program_id = y.program_id AND x.year = y.year AND x.in_roster),
    (SELECT COUNT(*) FROM mentor_groups g WHERE g.program_id = y.program_id AND g.year = y.year AND g.dissolved_at IS NULL)
FROM program_years y WHERE y.program_id = :program_id ORDER BY y.year

-- name: CurrentYear
-- The latest year opened up to the academic year given, else the earliest.
SELECT year FROM program_years WHERE program_id = :program_id
ORDER BY CASE WHEN year <= :year THEN 0 ELSE 1 END, CASE WHEN year <= :year THEN -year ELSE year END LIMIT 1

-- name: CreateYear
INSERT INTO program_years (program_id, year, opened_at) VALUES (:program_id, :year, :now)
ON CONFLICT (program_id, year) DO NOTHING

-- name: CarryMentors
-- Continuing mentors (active, in the roster) of one year into the next.
INSERT INTO participants (program_id, year, person_id, role, external_id, programme_code, cohort, campus, language, gender,
    international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector, languages, ranking,
    motivation, chief, source, in_roster, state, state_reason, state_at, created_at, updated_at, given_name, family_name, email)
SELECT program_id, :year, person_id, role, external_id, programme_code, cohort, campus, language, gender,
    international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector, languages, ranking,
    motivation, chief, source, in_roster, state, state_reason, state_at, :now, :now, given_name, family_name, email
FROM participants
WHERE program_id = :program_id AND year = :from AND role = 'mentor' AND state = 'active' AND in_roster
ORDER BY id
