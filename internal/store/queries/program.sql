-- Mentor programs (the catalogue record grows in its own migration).

-- name: CreateProgram
INSERT INTO programs (institution_id, unit_id, code, name, created_at)
VALUES (:institution_id, :unit_id, :code, :name, :now) RETURNING id

-- name: FindProgramByID
SELECT id, institution_id, COALESCE(unit_id, 0), code, name, created_at FROM programs WHERE id = :id

-- name: FindProgramByCode
SELECT id, institution_id, COALESCE(unit_id, 0), code, name, created_at
FROM programs WHERE institution_id = :institution_id AND code = :code

-- name: FindProgramsOfInstitution
SELECT id, institution_id, COALESCE(unit_id, 0), code, name, created_at
FROM programs WHERE institution_id = :institution_id ORDER BY name, id

-- name: FindAllPrograms
SELECT id, institution_id, COALESCE(unit_id, 0), code, name, created_at
FROM programs ORDER BY institution_id, name, id
