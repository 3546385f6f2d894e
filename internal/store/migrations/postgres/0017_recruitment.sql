-- Recruiting mentors: postings per program year, applications to them
-- (from anyone, without an account), the committee's reviews, and the
-- contracts of the mentors hired. An application's state moves
-- submitted → offered → accepted | declined, or → rejected; an accepted
-- one is hired into the program year as a mentor with a contract period
-- (mentor_contracts). Nothing is deleted: a decision sets decided_at.
-- An application may carry a CV: a PDF of at most 2 MiB (checked by its
-- content, not its name).
CREATE TABLE postings (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id     BIGINT NOT NULL,
    year           INTEGER NOT NULL,
    title          TEXT NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    role           TEXT NOT NULL DEFAULT '',
    programme_code TEXT NOT NULL DEFAULT '',
    positions      INTEGER NOT NULL CHECK (positions BETWEEN 1 AND 1000),
    starts_on      TIMESTAMPTZ NOT NULL,
    ends_on        TIMESTAMPTZ NOT NULL,
    hourly_ore     BIGINT NOT NULL CHECK (hourly_ore BETWEEN 0 AND 10000000),
    deadline       TIMESTAMPTZ NOT NULL,
    account_id     BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    CHECK (ends_on > starts_on),
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX postings_program ON postings(program_id, year);

CREATE TABLE applications (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting_id     BIGINT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    email          TEXT NOT NULL,
    student_number TEXT NOT NULL,
    programme_code TEXT NOT NULL DEFAULT '',
    cohort         TEXT NOT NULL DEFAULT '',
    motivation     TEXT NOT NULL,
    experience     TEXT NOT NULL DEFAULT '',
    slots          TEXT NOT NULL DEFAULT '',
    cv             BYTEA,
    cv_name        TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state IN ('submitted', 'offered', 'accepted', 'declined', 'rejected', 'hired')),
    participant_id BIGINT REFERENCES participants(id) ON DELETE SET NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    decided_at     TIMESTAMPTZ,
    UNIQUE (posting_id, student_number)
);

CREATE TABLE application_reviews (
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    account_id     BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment        TEXT NOT NULL DEFAULT '',
    reviewed_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, account_id)
);

CREATE TABLE mentor_contracts (
    participant_id BIGINT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    posting_id     BIGINT REFERENCES postings(id) ON DELETE SET NULL,
    starts_on      TIMESTAMPTZ NOT NULL,
    ends_on        TIMESTAMPTZ NOT NULL,
    hourly_ore     BIGINT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
