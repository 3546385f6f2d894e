-- A check-in writes one B-tree less: the table is its primary key
-- (WITHOUT ROWID) instead of a rowid table beside a primary key index
-- (docs/PERFORMANCE.md, "Check-in"). Same columns, keys and indexes.
CREATE TABLE checkins_new (
    session_id     INTEGER NOT NULL REFERENCES mentor_sessions(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE NO ACTION,
    status         TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    method         TEXT NOT NULL CHECK (method IN ('roster', 'code', 'number')),
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    checked_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
INSERT INTO checkins_new SELECT session_id, participant_id, status, method, account_id, checked_at FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_new RENAME TO checkins;
CREATE INDEX checkins_session_status ON checkins(session_id, status, participant_id);
CREATE INDEX checkins_participant_status ON checkins(participant_id, status);
