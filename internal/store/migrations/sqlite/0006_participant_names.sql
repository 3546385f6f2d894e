-- A program's own view of a person: the name and e-mail its roster import
-- gave. A coordinator's import writes these on the participant, never on
-- the shared person record (which only the person, the institution's
-- admins and the system change); NULL means "as the person record says"
-- (sign-ups). Reads take the participant's value, else the person's.
ALTER TABLE participants ADD COLUMN given_name TEXT;
ALTER TABLE participants ADD COLUMN family_name TEXT;
ALTER TABLE participants ADD COLUMN email TEXT;

-- Imported participants keep what the person record shows today.
UPDATE participants SET
    given_name  = (SELECT p.given_name FROM persons p WHERE p.id = participants.person_id),
    family_name = (SELECT p.family_name FROM persons p WHERE p.id = participants.person_id),
    email       = (SELECT COALESCE(p.email, '') FROM persons p WHERE p.id = participants.person_id)
WHERE source = 'import';
