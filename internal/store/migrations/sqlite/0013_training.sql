-- Mentor training: a catalogue of modules, completions that belong to the
-- person (not to a program), and each program year's required modules.
--
-- Modules with no institution are the national catalogue every
-- institution shares (the seeds' modules, below); an institution may add
-- its own. A module's code is the id the e-learning system and the API
-- use; it is unique among the national modules and an institution's own.
-- minimum marks the seeds' minimum training, the requirement of a
-- program year that has not chosen its own (program_years.training_custom).
-- A completion is a dated fact: a person who takes a module again gets a
-- second row, never an overwritten one.
CREATE TABLE training_modules (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER REFERENCES institutions(id) ON DELETE CASCADE,
    code           TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name           TEXT NOT NULL,
    provider       TEXT NOT NULL DEFAULT '',
    format         TEXT NOT NULL CHECK (format IN ('e_learning', 'workshop', 'seminar', 'meeting')),
    hours          NUMERIC NOT NULL CHECK (hours >= 0 AND hours <= 1000),
    credits        NUMERIC NOT NULL DEFAULT 0 CHECK (credits >= 0 AND credits <= 60),
    minimum        BOOLEAN NOT NULL DEFAULT FALSE,
    recommended    BOOLEAN NOT NULL DEFAULT FALSE,
    position       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_modules_code ON training_modules(COALESCE(institution_id, 0), code);

CREATE TABLE training_completions (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    module_id    INTEGER NOT NULL REFERENCES training_modules(id) ON DELETE RESTRICT,
    completed_on TIMESTAMP NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('import', 'event', 'coordinator')),
    account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    recorded_at  TIMESTAMP NOT NULL,
    UNIQUE (person_id, module_id, completed_on)
);
CREATE INDEX training_completions_module ON training_completions(module_id);

-- A program year's required modules, when it has chosen its own, and
-- whether its mentors must have completed them before they lead a group
-- (the gate; off until the coordinator turns it on).
ALTER TABLE program_years ADD COLUMN training_custom BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE program_years ADD COLUMN training_gate BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE program_training (
    program_id INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    module_id  INTEGER NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
    PRIMARY KEY (program_id, year, module_id),
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);

-- A coordinator's decision to let a mentor without the required training
-- lead a group anyway, with the reason (also in the audit log); withdrawn
-- overrides are kept with the time they ended.
CREATE TABLE training_overrides (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    reason         TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP
);
CREATE INDEX training_overrides_participant ON training_overrides(participant_id);

INSERT INTO training_modules (code, name, provider, format, hours, credits, minimum, recommended, position, created_at) VALUES
 ('e-laering', 'E-læringskurs for studentmentorer: rettigheter, plikter, makt og etikk', 'Universitetet (e-læring)', 'e_learning', 3, 0, TRUE, FALSE, 1, CURRENT_TIMESTAMP),
 ('rolleforstaelse', 'Rolleforståelse, rollekonflikter og kommunikasjon', 'Studentsamskipnaden', 'workshop', 3, 0, TRUE, FALSE, 2, CURRENT_TIMESTAMP),
 ('mottak', 'Mottak av nye studenter', 'Fakultetet', 'workshop', 2, 0, FALSE, FALSE, 3, CURRENT_TIMESTAMP),
 ('gruppeledelse', 'Prosess- og gruppeledelse', 'Universitetspedagogikk', 'workshop', 3, 0, FALSE, TRUE, 4, CURRENT_TIMESTAMP),
 ('i-praksis', 'Mentorordningen i praksis', 'Fakultetet', 'seminar', 2, 0, FALSE, FALSE, 5, CURRENT_TIMESTAMP),
 ('samarbeid', 'Samarbeid i mentorpar', 'Universitetspedagogikk', 'workshop', 2, 0, FALSE, TRUE, 6, CURRENT_TIMESTAMP),
 ('oppstart', 'Oppstartsmøte og oppfølgingsmøter', 'Koordinator', 'meeting', 4, 0, FALSE, FALSE, 7, CURRENT_TIMESTAMP);
