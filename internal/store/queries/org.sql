-- Institutions and their organisation tree.

-- name: CreateInstitution
INSERT INTO institutions (slug, name, feide_realm, created_at)
VALUES (:slug, :name, :feide_realm, :now) RETURNING id

-- name: FindInstitutionByID
SELECT id, slug, name, COALESCE(feide_realm, ''), created_at FROM institutions WHERE id = :id

-- name: FindInstitutionBySlug
SELECT id, slug, name, COALESCE(feide_realm, ''), created_at FROM institutions WHERE slug = :slug

-- name: FindInstitutionByRealm
SELECT id, slug, name, COALESCE(feide_realm, ''), created_at FROM institutions WHERE feide_realm = :realm

-- name: FindInstitutions
SELECT id, slug, name, COALESCE(feide_realm, ''), created_at FROM institutions ORDER BY name, id

-- name: CreateUnit
INSERT INTO org_units (institution_id, parent_id, kind, code, name)
VALUES (:institution_id, :parent_id, :kind, :code, :name) RETURNING id

-- name: FindUnits
SELECT id, institution_id, COALESCE(parent_id, 0), kind, code, name
FROM org_units WHERE institution_id = :institution_id ORDER BY name, id

-- name: FindUnitByCode
SELECT id, institution_id, COALESCE(parent_id, 0), kind, code, name
FROM org_units WHERE institution_id = :institution_id AND code = :code

-- name: FindUnitByID
SELECT id, institution_id, COALESCE(parent_id, 0), kind, code, name
FROM org_units WHERE id = :id

-- name: CreateProgramme
INSERT INTO study_programmes (institution_id, unit_id, code, name)
VALUES (:institution_id, :unit_id, :code, :name) RETURNING id

-- name: FindProgrammes
SELECT p.id, p.institution_id, COALESCE(p.unit_id, 0), p.code, p.name,
       COALESCE((SELECT SUM(c.students) FROM cohorts c WHERE c.programme_id = p.id), 0)
FROM study_programmes p WHERE p.institution_id = :institution_id ORDER BY p.code

-- name: FindProgrammeCodes
SELECT code FROM study_programmes WHERE institution_id = :institution_id ORDER BY code

-- name: FindProgrammeByCode
SELECT p.id, p.institution_id, COALESCE(p.unit_id, 0), p.code, p.name,
       COALESCE((SELECT SUM(c.students) FROM cohorts c WHERE c.programme_id = p.id), 0)
FROM study_programmes p WHERE p.institution_id = :institution_id AND p.code = :code

-- name: UpsertCohort
INSERT INTO cohorts (programme_id, term, students) VALUES (:programme_id, :term, :students)
ON CONFLICT (programme_id, term) DO UPDATE SET students = excluded.students

-- name: FindCohorts
SELECT c.id, c.programme_id, c.term, c.students
FROM cohorts c JOIN study_programmes p ON p.id = c.programme_id
WHERE p.institution_id = :institution_id ORDER BY p.code, c.term

-- name: UpdateProgramme
UPDATE study_programmes SET name = :name, unit_id = :unit_id WHERE id = :id
