-- People in programs and their groups: participants (students and mentors
-- of a program, imported from the student system or signed up themselves),
-- their enrolment state, stored allocations, groups and memberships,
-- remembered column mappings, pending import drafts and sign-up settings.

CREATE TABLE participants (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
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
    UNIQUE (program_id, role, external_id)
);
CREATE INDEX participants_person ON participants(person_id);

CREATE TABLE allocations (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('full', 'extend', 'match', 'move')),
    params     TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX allocations_program ON allocations(program_id, id);

CREATE TABLE mentor_groups (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
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
    UNIQUE (program_id, code)
);

CREATE TABLE group_members (
    group_id       INTEGER NOT NULL REFERENCES mentor_groups(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('student', 'mentor')),
    position       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, participant_id)
);
CREATE INDEX group_members_participant ON group_members(participant_id);
-- A student is in at most one group of a program.
CREATE UNIQUE INDEX group_members_one_group ON group_members(program_id, participant_id) WHERE role = 'student';

CREATE TABLE import_mappings (
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    header_key     TEXT NOT NULL,
    mapping        TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (institution_id, kind, header_key)
);

CREATE TABLE import_drafts (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    filename   TEXT NOT NULL DEFAULT '',
    data       BLOB NOT NULL,
    mapping    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX import_drafts_created ON import_drafts(created_at);

CREATE TABLE program_signup (
    program_id INTEGER PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
    deadline   TIMESTAMP,
    capacity   INTEGER CHECK (capacity IS NULL OR capacity >= 0)
);
