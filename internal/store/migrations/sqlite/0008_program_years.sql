-- Program years and dated memberships.
--
-- A program runs year after year; participants, allocations, groups,
-- memberships and import drafts belong to one program year, named by the
-- calendar year in which it starts (2026 = the academic year 2026/27).
-- The academic year starts on 1 August (UTC): a day's academic year is its
-- calendar year, minus one before August — the rule program.AcademicYear
-- applies in the code. Every program gets the year of the day this
-- migration runs ('now' less seven months falls in that calendar year),
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
--
-- SQLite cannot alter constraints, so the tables are rebuilt (new table,
-- copy, drop, rename, indexes); Migrate turns foreign_keys off around a
-- migration and runs foreign_key_check before committing.

CREATE TABLE program_years (
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    opened_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, year)
);
INSERT INTO program_years (program_id, year, opened_at)
SELECT id, CAST(strftime('%Y', 'now', '-7 months') AS INTEGER), created_at FROM programs;

CREATE TABLE participants_new (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    person_id      INTEGER NOT NULL REFERENCES persons(id) ON DELETE RESTRICT,
    role           TEXT NOT NULL CHECK (role IN ('student', 'mentor')),
    external_id    TEXT NOT NULL,
    programme_code TEXT NOT NULL,
    cohort         TEXT NOT NULL DEFAULT '',
    campus         TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    gender         TEXT NOT NULL DEFAULT '',
    international  BOOLEAN NOT NULL DEFAULT FALSE,
    slots          TEXT NOT NULL DEFAULT '',
    with_ref       TEXT NOT NULL DEFAULT '',
    avoid_ref      TEXT NOT NULL DEFAULT '',
    file_opt_out   BOOLEAN NOT NULL DEFAULT FALSE,
    kind           TEXT NOT NULL DEFAULT '',
    max_groups     INTEGER NOT NULL DEFAULT 1 CHECK (max_groups >= 1),
    field          TEXT NOT NULL DEFAULT '',
    sector         TEXT NOT NULL DEFAULT '',
    languages      TEXT NOT NULL DEFAULT '',
    ranking        TEXT NOT NULL DEFAULT '',
    motivation     TEXT NOT NULL DEFAULT '',
    chief          BOOLEAN NOT NULL DEFAULT FALSE,
    source         TEXT NOT NULL CHECK (source IN ('import', 'signup', 'application')),
    in_roster      BOOLEAN NOT NULL DEFAULT TRUE,
    state          TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'opted_out', 'applied', 'declined')),
    state_reason   TEXT NOT NULL DEFAULT '',
    state_at       TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    given_name     TEXT,
    family_name    TEXT,
    email          TEXT,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    UNIQUE (program_id, year, role, external_id)
);
INSERT INTO participants_new (id, program_id, year, person_id, role, external_id, programme_code, cohort, campus,
    language, gender, international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector,
    languages, ranking, motivation, chief, source, in_roster, state, state_reason, state_at, created_at, updated_at,
    given_name, family_name, email)
SELECT x.id, x.program_id, y.year, x.person_id, x.role, x.external_id, x.programme_code, x.cohort, x.campus,
    x.language, x.gender, x.international, x.slots, x.with_ref, x.avoid_ref, x.file_opt_out, x.kind, x.max_groups, x.field, x.sector,
    x.languages, x.ranking, x.motivation, x.chief, x.source, x.in_roster, x.state, x.state_reason, x.state_at, x.created_at, x.updated_at,
    x.given_name, x.family_name, x.email
FROM participants x JOIN program_years y ON y.program_id = x.program_id;
DROP TABLE participants;
ALTER TABLE participants_new RENAME TO participants;
CREATE INDEX participants_person ON participants(person_id);

CREATE TABLE allocations_new (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('full', 'extend', 'match', 'move')),
    params     TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
INSERT INTO allocations_new (id, program_id, year, account_id, mode, params, result, created_at)
SELECT a.id, a.program_id, y.year, a.account_id, a.mode, a.params, a.result, a.created_at
FROM allocations a JOIN program_years y ON y.program_id = a.program_id;
DROP TABLE allocations;
ALTER TABLE allocations_new RENAME TO allocations;
CREATE INDEX allocations_program ON allocations(program_id, year, id);

-- A group no longer formed is dissolved, not deleted: its memberships
-- are history.
CREATE TABLE mentor_groups_new (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    allocation_id  INTEGER REFERENCES allocations(id) ON DELETE SET NULL,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    programme_code TEXT NOT NULL,
    cohort         TEXT NOT NULL DEFAULT '',
    meeting_slot   TEXT NOT NULL DEFAULT '',
    slot_coverage  REAL NOT NULL DEFAULT 0,
    undersized     BOOLEAN NOT NULL DEFAULT FALSE,
    reasons        TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    dissolved_at   TIMESTAMP,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    UNIQUE (program_id, year, code)
);
INSERT INTO mentor_groups_new (id, program_id, year, allocation_id, code, name, programme_code, cohort, meeting_slot,
    slot_coverage, undersized, reasons, created_at)
SELECT g.id, g.program_id, y.year, g.allocation_id, g.code, g.name, g.programme_code, g.cohort, g.meeting_slot,
    g.slot_coverage, g.undersized, g.reasons, g.created_at
FROM mentor_groups g JOIN program_years y ON y.program_id = g.program_id;
DROP TABLE mentor_groups;
ALTER TABLE mentor_groups_new RENAME TO mentor_groups;

CREATE TABLE group_members_new (
    id             INTEGER PRIMARY KEY,
    group_id       INTEGER NOT NULL REFERENCES mentor_groups(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    allocation_id  INTEGER REFERENCES allocations(id) ON DELETE SET NULL,
    role           TEXT NOT NULL CHECK (role IN ('student', 'mentor')),
    position       INTEGER NOT NULL DEFAULT 0,
    valid_from     TIMESTAMP NOT NULL,
    valid_to       TIMESTAMP,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
INSERT INTO group_members_new (group_id, participant_id, program_id, year, allocation_id, role, position, valid_from)
SELECT m.group_id, m.participant_id, m.program_id, g.year, g.allocation_id, m.role, m.position, g.created_at
FROM group_members m JOIN mentor_groups g ON g.id = m.group_id
ORDER BY m.group_id, m.position;
DROP TABLE group_members;
ALTER TABLE group_members_new RENAME TO group_members;
CREATE INDEX group_members_participant ON group_members(participant_id);
CREATE INDEX group_members_group ON group_members(group_id, valid_from);
-- A student is in at most one group of a program year at a time.
CREATE UNIQUE INDEX group_members_one_group ON group_members(program_id, year, participant_id)
    WHERE role = 'student' AND valid_to IS NULL;

CREATE TABLE import_drafts_new (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    filename   TEXT NOT NULL DEFAULT '',
    data       BLOB NOT NULL,
    mapping    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
INSERT INTO import_drafts_new (id, program_id, year, account_id, kind, filename, data, mapping, created_at)
SELECT d.id, d.program_id, y.year, d.account_id, d.kind, d.filename, d.data, d.mapping, d.created_at
FROM import_drafts d JOIN program_years y ON y.program_id = d.program_id;
DROP TABLE import_drafts;
ALTER TABLE import_drafts_new RENAME TO import_drafts;
CREATE INDEX import_drafts_created ON import_drafts(created_at);
