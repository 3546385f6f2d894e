-- Drop-in desks and their rota, visitor logs, the text-feedback queue,
-- one-to-one talks recorded as held, reflection notes, office hours and
-- appointments. Everything belongs to a program year.
--
-- A desk (biORAKEL: Wednesdays 14–17, three mentors on duty) has weekly
-- slots and a pool of mentors; its rota is shifts, each with the mentors
-- on duty. A swap moves a duty from one mentor to another and is kept in
-- desk_swaps.
CREATE TABLE desks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    on_duty    INTEGER NOT NULL CHECK (on_duty BETWEEN 1 AND 20),
    created_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX desks_program ON desks(program_id, year);

-- A weekly slot: ISO weekday (1 = Monday) and local times (Europe/Oslo).
CREATE TABLE desk_slots (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id  BIGINT NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
    weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts   TEXT NOT NULL,
    ends     TEXT NOT NULL,
    place    TEXT NOT NULL DEFAULT '',
    CHECK (ends > starts)
);
CREATE INDEX desk_slots_desk ON desk_slots(desk_id);

-- The mentors a desk's rota goes round, in order.
CREATE TABLE desk_mentors (
    desk_id        BIGINT NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    position       INTEGER NOT NULL,
    PRIMARY KEY (desk_id, participant_id)
);

CREATE TABLE desk_shifts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id    BIGINT NOT NULL REFERENCES desks(id) ON DELETE CASCADE,
    slot_id    BIGINT NOT NULL REFERENCES desk_slots(id) ON DELETE CASCADE,
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    sequence   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (slot_id, starts_at),
    CHECK (ends_at > starts_at)
);
CREATE INDEX desk_shifts_desk ON desk_shifts(desk_id, starts_at);

-- A mentor on duty at a shift; offered_at is set while they offer it away.
CREATE TABLE shift_duties (
    shift_id       BIGINT NOT NULL REFERENCES desk_shifts(id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    offered_at     TIMESTAMPTZ,
    PRIMARY KEY (shift_id, participant_id)
);
CREATE INDEX shift_duties_participant ON shift_duties(participant_id);

CREATE TABLE desk_swaps (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shift_id         BIGINT NOT NULL REFERENCES desk_shifts(id) ON DELETE CASCADE,
    from_participant BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    to_participant   BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    account_id       BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX desk_swaps_shift ON desk_swaps(shift_id);

-- The visitor log: a student who checked in (participant_id, once per
-- shift), or an anonymous count by the mentor on duty; a topic tag from
-- a fixed vocabulary, never free text.
CREATE TABLE desk_visits (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shift_id       BIGINT NOT NULL REFERENCES desk_shifts(id) ON DELETE CASCADE,
    participant_id BIGINT REFERENCES participants(id) ON DELETE NO ACTION,
    visitors       INTEGER NOT NULL CHECK (visitors BETWEEN 1 AND 500),
    topic          TEXT NOT NULL CHECK (topic IN ('study_technique', 'assignment', 'exam', 'course_choice', 'other')),
    account_id     BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (shift_id, participant_id)
);

-- The text-feedback queue (biORAKEL's reports, the Law model's written
-- work): academic work, not health data. claimed_by is set once; the
-- returned feedback counts for the mentor's pay in its month.
CREATE TABLE feedback_items (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id     BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    kind           TEXT NOT NULL CHECK (kind IN ('text', 'written_work')),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    claimed_by     BIGINT REFERENCES participants(id) ON DELETE NO ACTION,
    claimed_at     TIMESTAMPTZ,
    feedback       TEXT NOT NULL DEFAULT '',
    returned_at    TIMESTAMPTZ,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX feedback_items_program ON feedback_items(program_id, year, submitted_at);
CREATE INDEX feedback_items_claimed ON feedback_items(claimed_by, returned_at);

-- A one-to-one talk, recorded as held: who, when, how long. Never what
-- was said.
CREATE TABLE talks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    mentor_id  BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    student_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    held_at    TIMESTAMPTZ NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX talks_program ON talks(program_id, year, held_at);

-- The credit-giving reflection note as the program records it: its state
-- and date, whether it gives credits. The note itself is not stored.
CREATE TABLE reflection_notes (
    participant_id BIGINT PRIMARY KEY REFERENCES participants(id) ON DELETE NO ACTION,
    program_id     BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('received', 'approved', 'rejected')),
    credit         BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_on    TIMESTAMPTZ NOT NULL,
    account_id     BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX reflection_notes_program ON reflection_notes(program_id, year);

-- An office-hour slot a mentor (student or staff) publishes; one student
-- books it. Changing or cancelling bumps sequence (the feeds' SEQUENCE).
CREATE TABLE office_hours (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id     BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    starts_at      TIMESTAMPTZ NOT NULL,
    ends_at        TIMESTAMPTZ NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    sequence       INTEGER NOT NULL DEFAULT 0,
    cancelled_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    CHECK (ends_at > starts_at)
);
CREATE INDEX office_hours_program ON office_hours(program_id, year, starts_at);
CREATE INDEX office_hours_mentor ON office_hours(participant_id);

-- A booking of an office-hour slot: at most one open per slot (the
-- partial unique index makes a race lose, not double-book). A cancelled
-- booking stays, STATUS:CANCELLED in both feeds.
CREATE TABLE appointments (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slot_id        BIGINT NOT NULL REFERENCES office_hours(id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    sequence       INTEGER NOT NULL DEFAULT 0,
    cancelled_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX appointments_open ON appointments(slot_id) WHERE cancelled_at IS NULL;
CREATE INDEX appointments_participant ON appointments(participant_id);
