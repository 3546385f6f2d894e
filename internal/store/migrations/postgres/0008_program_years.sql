-- Program years and dated memberships.
--
-- A program runs year after year; participants, allocations, groups,
-- memberships and import drafts belong to one program year, named by the
-- calendar year in which it starts (2026 = the academic year 2026/27).
-- The academic year starts on 1 August (UTC): a day's academic year is its
-- calendar year, minus one before August — the rule program.AcademicYear
-- applies in the code. Every program gets the year of the day this
-- migration runs (now less seven months falls in that calendar year),
-- opened when the program was registered, and everything it had moves
-- into that year.
--
-- Memberships keep their history: valid_from/valid_to (NULL = open); a
-- move, a re-formed allocation or an opt-out closes a row instead of
-- deleting it; a membership names the allocation that opened it (an
-- allocation forming every group anew, mode full, closes and opens them
-- all). Existing memberships are open from their group's creation.
-- Keys from history to persons no longer cascade: erasure will
-- pseudonymise the person row so counts stay right.

CREATE TABLE program_years (
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    opened_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (program_id, year)
);
INSERT INTO program_years (program_id, year, opened_at)
SELECT id, EXTRACT(YEAR FROM (now() AT TIME ZONE 'UTC') - interval '7 months')::int, created_at FROM programs;

ALTER TABLE participants ADD COLUMN year INTEGER;
UPDATE participants x SET year = y.year FROM program_years y WHERE y.program_id = x.program_id;
ALTER TABLE participants ALTER COLUMN year SET NOT NULL,
    ADD FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    DROP CONSTRAINT participants_program_id_role_external_id_key,
    ADD UNIQUE (program_id, year, role, external_id),
    DROP CONSTRAINT participants_person_id_fkey,
    ADD FOREIGN KEY (person_id) REFERENCES persons(id) ON DELETE RESTRICT;

ALTER TABLE allocations ADD COLUMN year INTEGER;
UPDATE allocations a SET year = y.year FROM program_years y WHERE y.program_id = a.program_id;
ALTER TABLE allocations ALTER COLUMN year SET NOT NULL,
    ADD FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE;
DROP INDEX allocations_program;
CREATE INDEX allocations_program ON allocations(program_id, year, id);

-- A group no longer formed is dissolved, not deleted: its memberships
-- are history.
ALTER TABLE mentor_groups ADD COLUMN year INTEGER, ADD COLUMN dissolved_at TIMESTAMPTZ;
UPDATE mentor_groups g SET year = y.year FROM program_years y WHERE y.program_id = g.program_id;
ALTER TABLE mentor_groups ALTER COLUMN year SET NOT NULL,
    ADD FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    DROP CONSTRAINT mentor_groups_program_id_code_key,
    ADD UNIQUE (program_id, year, code);

ALTER TABLE group_members ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN year INTEGER, ADD COLUMN valid_from TIMESTAMPTZ, ADD COLUMN valid_to TIMESTAMPTZ,
    ADD COLUMN allocation_id BIGINT REFERENCES allocations(id) ON DELETE SET NULL;
UPDATE group_members m SET year = g.year, valid_from = g.created_at, allocation_id = g.allocation_id FROM mentor_groups g WHERE g.id = m.group_id;
DROP INDEX group_members_one_group;
ALTER TABLE group_members ALTER COLUMN year SET NOT NULL, ALTER COLUMN valid_from SET NOT NULL,
    DROP CONSTRAINT group_members_pkey,
    ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    ADD CHECK (valid_to IS NULL OR valid_to >= valid_from),
    DROP CONSTRAINT group_members_participant_id_fkey,
    ADD FOREIGN KEY (participant_id) REFERENCES participants(id) ON DELETE NO ACTION;
CREATE INDEX group_members_group ON group_members(group_id, valid_from);
-- A student is in at most one group of a program year at a time.
CREATE UNIQUE INDEX group_members_one_group ON group_members(program_id, year, participant_id)
    WHERE role = 'student' AND valid_to IS NULL;

ALTER TABLE import_drafts ADD COLUMN year INTEGER;
UPDATE import_drafts d SET year = y.year FROM program_years y WHERE y.program_id = d.program_id;
ALTER TABLE import_drafts ALTER COLUMN year SET NOT NULL,
    ADD FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE;
