-- Mentors' hours and pay: each program year's rates, kept as set (the
-- latest row is in force; earlier ones stay for history), monthly
-- timesheets with their lines, and their decisions.
--
-- Money is in øre and hours in quarter hours (integers: exact sums). A
-- timesheet keeps the hourly rate and each line's item rate in force when
-- it was submitted, and its amount. A returned timesheet stays; the mentor
-- submits the month again as a new one (at most one open or approved per
-- mentor and month: timesheets_open).
CREATE TABLE pay_rates (
    id            INTEGER PRIMARY KEY,
    program_id    INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    hourly_ore    INTEGER NOT NULL CHECK (hourly_ore BETWEEN 0 AND 10000000),
    training_paid BOOLEAN NOT NULL DEFAULT TRUE,
    account_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    set_at        TIMESTAMP NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX pay_rates_year ON pay_rates(program_id, year, id);

CREATE TABLE pay_item_rates (
    rate_id  INTEGER NOT NULL REFERENCES pay_rates(id) ON DELETE CASCADE,
    category TEXT NOT NULL CHECK (category IN ('sessions', 'preparation', 'feedback', 'desk', 'meetings', 'reports', 'training')),
    ore      INTEGER NOT NULL CHECK (ore BETWEEN 0 AND 10000000),
    PRIMARY KEY (rate_id, category)
);

CREATE TABLE timesheets (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    month          TEXT NOT NULL CHECK (length(month) = 7),
    state          TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'returned')),
    hourly_ore     INTEGER NOT NULL,
    amount_ore     INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP NOT NULL,
    submitted_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    decided_at     TIMESTAMP,
    decided_by     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE UNIQUE INDEX timesheets_open ON timesheets(participant_id, month) WHERE state <> 'returned';
CREATE INDEX timesheets_month ON timesheets(program_id, month, state);

CREATE TABLE timesheet_lines (
    timesheet_id  INTEGER NOT NULL REFERENCES timesheets(id) ON DELETE CASCADE,
    category      TEXT NOT NULL CHECK (category IN ('sessions', 'preparation', 'feedback', 'desk', 'meetings', 'reports', 'training')),
    quarter_hours INTEGER NOT NULL CHECK (quarter_hours BETWEEN 0 AND 2976),
    items         INTEGER NOT NULL CHECK (items BETWEEN 0 AND 10000),
    item_ore      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (timesheet_id, category)
);
