-- Mentor programs: the catalogue record, criteria, served programmes, history.

-- name: CreateProgram
INSERT INTO programs (institution_id, unit_id, code, name, unit_name, level, transition, model, mentor_kinds, mandatory, enrolment, credits, paid, group_size, mentors_per_group, students_offered, started, ended, end_reason, status, relevance, funding, url, contact, purpose, expectations, how_to_join, public, is_example, example_worked, example_not_worked, example_links, content_language, created_at, updated_at, version)
VALUES (:institution_id, :unit_id, :code, :name, :unit_name, :level, :transition, :model, :mentor_kinds, :mandatory, :enrolment, :credits, :paid, :group_size, :mentors_per_group, :students_offered, :started, :ended, :end_reason, :status, :relevance, :funding, :url, :contact, :purpose, :expectations, :how_to_join, :public, :is_example, :example_worked, :example_not_worked, :example_links, :content_language, :now, :now, 1) RETURNING id

-- name: UpdateProgram
UPDATE programs SET unit_id = :unit_id, name = :name, unit_name = :unit_name, level = :level, transition = :transition, model = :model, mentor_kinds = :mentor_kinds, mandatory = :mandatory, enrolment = :enrolment, credits = :credits, paid = :paid, group_size = :group_size, mentors_per_group = :mentors_per_group, students_offered = :students_offered, started = :started, ended = :ended, end_reason = :end_reason, status = :status, relevance = :relevance, funding = :funding, url = :url, contact = :contact, purpose = :purpose, expectations = :expectations, how_to_join = :how_to_join, public = :public, is_example = :is_example, example_worked = :example_worked, example_not_worked = :example_not_worked, example_links = :example_links, content_language = :content_language,
    updated_at = :now, version = version + 1
WHERE id = :id AND version = :version

-- name: FindProgramByID
SELECT * FROM program_rows p
WHERE p.id = :id

-- name: FindProgramByCode
SELECT * FROM program_rows p
WHERE p.institution_id = :institution_id AND p.code = :code

-- name: FindProgramByAnyCode
SELECT * FROM program_rows p
WHERE p.code = :code

-- name: FindProgramsOfInstitution
SELECT * FROM program_rows p
WHERE p.institution_id = :institution_id ORDER BY p.id

-- name: FindAllPrograms
SELECT * FROM program_rows p
ORDER BY p.id

-- name: FindPublicPrograms
SELECT * FROM program_rows p
WHERE p.public ORDER BY p.id

-- name: DeleteCriteria
DELETE FROM program_criteria WHERE program_id = :program_id

-- name: CreateCriteria
-- All five criteria of a program in one statement (one round trip).
INSERT INTO program_criteria (program_id, criterion, met, evidence) VALUES
    (:program_id, 1, :met1, :evidence1), (:program_id, 2, :met2, :evidence2), (:program_id, 3, :met3, :evidence3),
    (:program_id, 4, :met4, :evidence4), (:program_id, 5, :met5, :evidence5)

-- name: FindCriteria
SELECT program_id, criterion, met, evidence FROM program_criteria
WHERE (:program_id = 0 OR program_id = :program_id)

-- name: DeleteServed
DELETE FROM program_programmes WHERE program_id = :program_id

-- name: CreateServed
INSERT INTO program_programmes (program_id, programme_id, cohort) VALUES (:program_id, :programme_id, :cohort)

-- name: FindServed
SELECT pp.program_id, pp.programme_id, sp.code, pp.cohort
FROM program_programmes pp JOIN study_programmes sp ON sp.id = pp.programme_id
WHERE (:program_id = 0 OR pp.program_id = :program_id)
ORDER BY pp.program_id, sp.code, pp.cohort

-- name: CreateProgramHistory
INSERT INTO program_history (program_id, at, account_id, actor, changes)
VALUES (:program_id, :now, :account_id, :actor, :changes)

-- name: FindProgramHistory
SELECT at, actor, changes FROM program_history WHERE program_id = :program_id ORDER BY id DESC

-- name: FindInstitutionByName
SELECT id FROM institutions WHERE lower(name) = lower(:name)

-- name: FindUnitByName
SELECT id FROM org_units WHERE institution_id = :institution_id AND lower(name) = lower(:name)

-- name: FindYearFigures
-- Counts only, per program year from :from to :to of an institution's
-- programs (0: every institution's) or of one program (:program_id, else
-- 0): groups formed and students taking part (as CountTakingPart).
SELECT y.program_id, y.year,
    (SELECT COUNT(*) FROM mentor_groups g WHERE g.program_id = y.program_id AND g.year = y.year AND g.dissolved_at IS NULL),
    (SELECT COUNT(*) FROM participants x WHERE x.program_id = y.program_id AND x.year = y.year
        AND x.role = 'student' AND x.in_roster AND NOT x.file_opt_out AND x.state = 'active')
FROM program_years y JOIN programs p ON p.id = y.program_id
WHERE (:institution_id = 0 OR p.institution_id = :institution_id)
    AND (:program_id = 0 OR y.program_id = :program_id)
    AND y.year >= :from AND y.year <= :to
ORDER BY y.program_id, y.year
