-- Meetings of a program year's mentors with the coordinator: the chief
-- mentors' meetings (kind chief: the mentors marked chief, one or more
-- per study programme) and meetings of all mentors across cohorts and
-- programmes (kind mentors), with attendance per mentor.
CREATE TABLE mentor_meetings (
    id           INTEGER PRIMARY KEY,
    program_id   INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('chief', 'mentors')),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX mentor_meetings_year ON mentor_meetings(program_id, year, starts_at);

CREATE TABLE meeting_attendance (
    meeting_id     INTEGER NOT NULL REFERENCES mentor_meetings(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    marked_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, participant_id)
);
