-- The language a program's own texts (name, description, evidence) are
-- written in: nb, nn or en. Pages mark those texts with it (lang="…"), so
-- a screen reader reads an English description in English on a Norwegian
-- page. Programs registered before were written in bokmål.
ALTER TABLE programs ADD COLUMN content_language TEXT NOT NULL DEFAULT 'nb';

DROP VIEW program_rows;
CREATE VIEW program_rows AS
SELECT p.id, p.institution_id, i.name AS institution_name, COALESCE(p.unit_id, 0) AS unit_id, p.code, p.name, p.unit_name,
       p.level, p.transition, p.model, p.mentor_kinds, p.mandatory, p.enrolment, p.credits, p.paid, p.group_size,
       p.mentors_per_group, p.students_offered, p.started, p.ended, p.end_reason, p.status, p.relevance, p.funding,
       p.url, p.contact, p.purpose, p.expectations, p.how_to_join, p.public, p.is_example, p.example_worked,
       p.example_not_worked, p.example_links, p.created_at, p.updated_at, p.version, p.content_language
FROM programs p JOIN institutions i ON i.id = p.institution_id;
