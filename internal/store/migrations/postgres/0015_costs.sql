-- What a program costs: a program year's cost plan, kept as set (the
-- latest row is in force). Money in øre, hours in quarter hours.
CREATE TABLE cost_plans (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id          BIGINT NOT NULL,
    year                INTEGER NOT NULL,
    mentors             INTEGER NOT NULL CHECK (mentors BETWEEN 0 AND 100000),
    mentor_quarters     INTEGER NOT NULL CHECK (mentor_quarters BETWEEN 0 AND 1000000),
    hourly_ore          BIGINT NOT NULL CHECK (hourly_ore BETWEEN 0 AND 10000000),
    catering_ore        BIGINT NOT NULL CHECK (catering_ore BETWEEN 0 AND 100000000000),
    materials_ore       BIGINT NOT NULL CHECK (materials_ore BETWEEN 0 AND 100000000000),
    coordinator_quarters INTEGER NOT NULL CHECK (coordinator_quarters BETWEEN 0 AND 1000000),
    coordinator_ore     BIGINT NOT NULL CHECK (coordinator_ore BETWEEN 0 AND 10000000),
    account_id          BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    set_at              TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE INDEX cost_plans_year ON cost_plans(program_id, year, id);
