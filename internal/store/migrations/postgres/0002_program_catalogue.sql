-- The full program record of the catalogue: every variation axis, the
-- student-facing description, publication, the minimum-standard checklist,
-- the study programmes and cohorts served, the example collection and the
-- change history.

ALTER TABLE programs ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN level TEXT NOT NULL DEFAULT 'programme';
ALTER TABLE programs ADD COLUMN transition TEXT NOT NULL DEFAULT 'first_year';
ALTER TABLE programs ADD COLUMN model TEXT NOT NULL DEFAULT 'fixed_group_voluntary';
ALTER TABLE programs ADD COLUMN mentor_kinds TEXT NOT NULL DEFAULT 'senior_student';
ALTER TABLE programs ADD COLUMN mandatory BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programs ADD COLUMN enrolment TEXT NOT NULL DEFAULT 'opt_in';
ALTER TABLE programs ADD COLUMN credits BOOLEAN;
ALTER TABLE programs ADD COLUMN paid BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programs ADD COLUMN group_size TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN mentors_per_group INTEGER;
ALTER TABLE programs ADD COLUMN students_offered INTEGER;
ALTER TABLE programs ADD COLUMN started INTEGER NOT NULL DEFAULT 2026;
ALTER TABLE programs ADD COLUMN ended INTEGER;
ALTER TABLE programs ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN status TEXT NOT NULL DEFAULT 'pilot';
ALTER TABLE programs ADD COLUMN relevance TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN funding TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN expectations TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN how_to_join TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programs ADD COLUMN is_example BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programs ADD COLUMN example_worked TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN example_not_worked TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN example_links TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE programs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- program_id is the key of catalogue files and public URLs: unique everywhere.
CREATE UNIQUE INDEX programs_code ON programs(code);
CREATE INDEX programs_public ON programs(public, id);

CREATE TABLE program_criteria (
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    criterion  INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 5),
    met        BOOLEAN NOT NULL DEFAULT FALSE,
    evidence   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, criterion)
);

-- The study programmes (and optionally one cohort each) a program serves;
-- cohort '' means every cohort of the programme.
CREATE TABLE program_programmes (
    program_id   BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    programme_id BIGINT NOT NULL REFERENCES study_programmes(id) ON DELETE CASCADE,
    cohort       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, programme_id, cohort)
);
CREATE INDEX program_programmes_programme ON program_programmes(programme_id);

CREATE TABLE program_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    actor      TEXT NOT NULL,
    changes    TEXT NOT NULL
);
CREATE INDEX program_history_program ON program_history(program_id, id);
