-- Sessions, check-ins, follow-up and the messages sent.
--
-- A session belongs to a program year: a group session (group_id) or a
-- plenary for the whole program (group_id NULL). Moving or editing one
-- bumps its sequence (the calendar feeds' SEQUENCE); cancelling one sets
-- cancelled_at and keeps the row (STATUS:CANCELLED in the feeds).
-- present_count is the session's rollup of its present check-ins, kept
-- in the unit of work that writes them, so institution-wide views never
-- scan the check-ins.
CREATE TABLE mentor_sessions (
    id            INTEGER PRIMARY KEY,
    program_id    INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year          INTEGER NOT NULL,
    group_id      INTEGER REFERENCES mentor_groups(id) ON DELETE CASCADE,
    series        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    topic         TEXT NOT NULL DEFAULT '',
    location      TEXT NOT NULL DEFAULT '',
    responsible   TEXT NOT NULL DEFAULT '',
    checklist     TEXT NOT NULL DEFAULT '',
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    -- who is expected: members of the group at starts_at, or at the
    -- session's creation when it was recorded afterwards
    roster_at     TIMESTAMP NOT NULL,
    checkin_code  TEXT NOT NULL UNIQUE,
    sequence      INTEGER NOT NULL DEFAULT 0,
    cancelled_at  TIMESTAMP,
    present_count INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE,
    CHECK (ends_at > starts_at)
);
CREATE INDEX mentor_sessions_program ON mentor_sessions(program_id, year, starts_at);
CREATE INDEX mentor_sessions_group ON mentor_sessions(group_id, starts_at);

-- One row per expected person per session: a repeat check-in changes
-- the row, never adds one.
CREATE TABLE checkins (
    session_id     INTEGER NOT NULL REFERENCES mentor_sessions(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    status         TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    method         TEXT NOT NULL CHECK (method IN ('roster', 'code', 'number')),
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    checked_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX checkins_participant ON checkins(participant_id);

-- The support services a mentor refers a student to, per institution.
CREATE TABLE support_services (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    about          TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    retired_at     TIMESTAMP,
    UNIQUE (institution_id, name)
);

-- What a mentor or coordinator did to follow a student up: structured
-- fields only, never free text about the student (special-category data).
CREATE TABLE followup_actions (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    action         TEXT NOT NULL CHECK (action IN ('message_sent', 'talked', 'no_answer', 'referred', 'resolved')),
    service_id     INTEGER REFERENCES support_services(id) ON DELETE SET NULL,
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX followup_actions_participant ON followup_actions(participant_id, created_at);

-- A person's private calendar feed: the secret is the capability in the
-- URL; revoking it replaces it.
CREATE TABLE calendar_feeds (
    person_id  INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    secret     TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- Every message the system sends, with what became of it.
CREATE TABLE mail_messages (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER REFERENCES programs(id) ON DELETE CASCADE,
    year           INTEGER,
    person_id      INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id) ON DELETE NO ACTION,
    session_id     INTEGER REFERENCES mentor_sessions(id) ON DELETE SET NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('welcome', 'reminder', 'missed', 'session_changed')),
    recipient      TEXT NOT NULL,
    lang           TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'deferred', 'bounced', 'skipped')),
    error          TEXT NOT NULL DEFAULT '',
    message_id     TEXT NOT NULL DEFAULT '',
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX mail_messages_program ON mail_messages(program_id, year, kind, created_at);
CREATE INDEX mail_messages_participant ON mail_messages(participant_id, kind);
-- One welcome per participation, one reminder per student and session.
CREATE UNIQUE INDEX mail_messages_one_welcome ON mail_messages(participant_id) WHERE kind = 'welcome';
CREATE UNIQUE INDEX mail_messages_one_reminder ON mail_messages(session_id, participant_id) WHERE kind = 'reminder';

-- A student may decline the program's e-mails (reminders, "we missed you").
ALTER TABLE participants ADD COLUMN mail_opt_out BOOLEAN NOT NULL DEFAULT FALSE;
-- An optional attendance requirement per program year (share, 0–1).
ALTER TABLE program_years ADD COLUMN attendance_required REAL;
