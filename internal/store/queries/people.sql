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
INSERT INTO participants (program_id, person_id, role, external_id, programme_code, cohort, campus, language, gender,
    international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector, languages, ranking,
    motivation, chief, source, in_roster, state, state_reason, state_at, created_at, updated_at)
VALUES (:program_id, :person_id, :role, :external_id, :programme_code, :cohort, :campus, :language, :gender,
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
DELETE FROM group_members WHERE participant_id = :id

-- name: FindParticipants
SELECT x.id, x.program_id, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.role = :role
ORDER BY x.id

-- name: FindParticipant
SELECT x.id, x.program_id, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.id = :id

-- name: FindParticipationsOfPerson
SELECT x.id, x.program_id, x.person_id, x.role, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''),
    x.programme_code, x.cohort, x.campus, x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref,
    x.file_opt_out, x.kind, x.max_groups, x.field, x.sector, x.languages, x.ranking, x.motivation, x.chief,
    x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.person_id = :person_id
ORDER BY x.program_id, x.role

-- name: FindMembershipsOfProgram
SELECT participant_id, group_id FROM group_members WHERE program_id = :program_id ORDER BY group_id

-- name: FindMembershipsOfParticipant
SELECT participant_id, group_id FROM group_members WHERE participant_id = :id ORDER BY group_id

-- name: FindMembershipsOfPerson
SELECT m.participant_id, m.group_id FROM group_members m JOIN participants x ON x.id = m.participant_id
WHERE x.person_id = :person_id ORDER BY m.group_id

-- name: FindGroups
SELECT id, program_id, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons
FROM mentor_groups WHERE program_id = :program_id ORDER BY id

-- name: FindGroupMembers
SELECT m.group_id, m.role, x.id, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''), x.cohort, x.kind, x.chief
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.program_id = :program_id
ORDER BY m.group_id, m.position

-- name: FindGroupByID
SELECT id, program_id, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons
FROM mentor_groups WHERE id = :id

-- name: FindMembersOfGroup
SELECT m.group_id, m.role, x.id, x.external_id, COALESCE(x.given_name, p.given_name), COALESCE(x.family_name, p.family_name),
    COALESCE(x.email, p.email, ''), x.cohort, x.kind, x.chief
FROM group_members m JOIN participants x ON x.id = m.participant_id JOIN persons p ON p.id = x.person_id
WHERE m.group_id = :id
ORDER BY m.position

-- name: CountTakingPart
-- As people.Participant.Placeable.
SELECT COUNT(*) FROM participants
WHERE program_id = :program_id AND role = 'student' AND in_roster AND NOT file_opt_out AND state = 'active'

-- name: CreateAllocation
INSERT INTO allocations (program_id, account_id, mode, params, result, created_at)
VALUES (:program_id, :account_id, :mode, :params, :result, :now) RETURNING id

-- name: LastAllocation
SELECT id, program_id, COALESCE(account_id, 0), mode, params, result, created_at FROM allocations
WHERE program_id = :program_id AND mode <> 'match' ORDER BY id DESC LIMIT 1

-- name: DeleteProgramMembers
DELETE FROM group_members WHERE program_id = :program_id

-- name: CreateGroup
INSERT INTO mentor_groups (program_id, allocation_id, code, name, programme_code, cohort, meeting_slot, slot_coverage, undersized, reasons, created_at)
VALUES (:program_id, :allocation_id, :code, :name, :programme_code, :cohort, :meeting_slot, :slot_coverage, :undersized, :reasons, :now)
RETURNING id

-- name: UpdateGroup
UPDATE mentor_groups SET allocation_id = :allocation_id, name = :name,
    programme_code = :programme_code, cohort = :cohort, meeting_slot = :meeting_slot, slot_coverage = :slot_coverage,
    undersized = :undersized, reasons = :reasons
WHERE id = :id

-- name: DeleteGroup
DELETE FROM mentor_groups WHERE id = :id

-- name: RenameGroup
UPDATE mentor_groups SET name = :name WHERE id = :id AND program_id = :program_id

-- name: FindMapping
SELECT mapping FROM import_mappings WHERE institution_id = :institution_id AND kind = :kind AND header_key = :header_key

-- name: SaveMapping
INSERT INTO import_mappings (institution_id, kind, header_key, mapping, updated_at)
VALUES (:institution_id, :kind, :header_key, :mapping, :now)
ON CONFLICT (institution_id, kind, header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at

-- name: CreateDraft
INSERT INTO import_drafts (program_id, account_id, kind, filename, data, mapping, created_at)
VALUES (:program_id, :account_id, :kind, :filename, :data, :mapping, :now) RETURNING id

-- name: FindDraft
SELECT id, program_id, account_id, kind, filename, data, mapping, created_at FROM import_drafts WHERE id = :id

-- name: DeleteDraft
DELETE FROM import_drafts WHERE id = :id

-- name: DeleteDraftsBefore
DELETE FROM import_drafts WHERE created_at < :before

-- name: FindSignup
SELECT program_id, deadline, capacity FROM program_signup WHERE program_id = :program_id

-- name: SaveSignup
INSERT INTO program_signup (program_id, deadline, capacity) VALUES (:program_id, :deadline, :capacity)
ON CONFLICT (program_id) DO UPDATE SET deadline = excluded.deadline, capacity = excluded.capacity

-- name: FindAllocationsMentioning
-- The program's allocations (newest first) that name a participant, and
-- those forming every group anew, to find the group a student was last in.
SELECT id, program_id, COALESCE(account_id, 0), mode, params, result, created_at FROM allocations
WHERE program_id = :program_id AND mode <> 'match' AND (mode = 'full' OR result LIKE :needle)
ORDER BY id DESC LIMIT 10

-- name: JoinGroup
INSERT INTO group_members (group_id, participant_id, program_id, role, position)
SELECT g.id, :participant_id, g.program_id, 'student',
    (SELECT COALESCE(MAX(m.position), -1) + 1 FROM group_members m WHERE m.group_id = g.id)
FROM mentor_groups g WHERE g.id = :group_id

-- name: SetGroupCoverage
UPDATE mentor_groups SET slot_coverage = :slot_coverage WHERE id = :id
