-- Positions per study programme within one posting, and the applicant's
-- own answer to an offer.
--
-- posting_positions: a posting's rows of (study programme, positions),
-- in the order written (ordinal); '' is "any programme". Each existing
-- posting's single pair is carried over as its one row. The old columns postings.programme_code and
-- postings.positions stay, written for old readers: the only row's
-- programme ('' with several) and the total (at most 1000).
--
-- offer_tokens: the secret of the link an offered applicant answers by
-- (/recruit/offer/{token}); only its SHA-256 (hex) is kept. It is good
-- while the application is offered and the contract has not begun;
-- mailed_at is set once the mail with the link has gone.
CREATE TABLE posting_positions (
    posting_id     BIGINT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    programme_code TEXT NOT NULL DEFAULT '',
    positions      INTEGER NOT NULL CHECK (positions BETWEEN 1 AND 1000),
    ordinal        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (posting_id, programme_code)
);
INSERT INTO posting_positions (posting_id, programme_code, positions)
SELECT id, programme_code, positions FROM postings;

CREATE TABLE offer_tokens (
    application_id BIGINT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    token_hash     TEXT NOT NULL UNIQUE,
    created_at     TIMESTAMPTZ NOT NULL,
    mailed_at      TIMESTAMPTZ
);
