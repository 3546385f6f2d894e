-- "Mentor for mentors": a new mentor of a program year paired with an
-- experienced one (who has mentored in an earlier year) for support.
-- A pair that ends keeps its row with ended_at; a newcomer has at most
-- one open pair.
CREATE TABLE mentor_pairs (
    id             INTEGER PRIMARY KEY,
    program_id     INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    experienced_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    newcomer_id    INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP,
    CHECK (experienced_id <> newcomer_id),
    FOREIGN KEY (program_id, year) REFERENCES program_years(program_id, year) ON DELETE CASCADE
);
CREATE UNIQUE INDEX mentor_pairs_open ON mentor_pairs(newcomer_id) WHERE ended_at IS NULL;
CREATE INDEX mentor_pairs_year ON mentor_pairs(program_id, year);
