-- Training events: a module given at a time and place, with sign-up and
-- attendance. Attending records the module as completed by the person
-- (training_completions, source 'event'), so an event's roster is where
-- most completions come from besides the e-learning system's export.
-- taken counts the places signed up for: a sign-up takes one with a
-- conditional UPDATE (taken < capacity), which holds under concurrent
-- sign-ups on both engines.
CREATE TABLE training_events (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    module_id      INTEGER NOT NULL REFERENCES training_modules(id) ON DELETE RESTRICT,
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    taken          INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    cancelled_at   TIMESTAMP,
    CHECK (ends_at > starts_at)
);
CREATE INDEX training_events_time ON training_events(institution_id, starts_at);

CREATE TABLE training_signups (
    event_id     INTEGER NOT NULL REFERENCES training_events(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('signed_up', 'attended', 'absent')),
    signed_up_at TIMESTAMP NOT NULL,
    marked_at    TIMESTAMP,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX training_signups_person ON training_signups(person_id);
