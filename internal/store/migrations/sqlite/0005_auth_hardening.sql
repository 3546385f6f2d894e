-- Login throttling with backoff instead of a hard lock, and API token
-- expiry and names.

-- One row per throttling key (an account, a pseudonymised address, or the
-- pair of both). An attempt is recorded before the password is checked, by
-- one conditional upsert that refuses while next_at lies in the future.
-- Times are Unix seconds so both engines do the same integer arithmetic.
CREATE TABLE login_throttle (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    wait_s   INTEGER NOT NULL,
    next_at  INTEGER NOT NULL,
    last_at  INTEGER NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

DROP TABLE login_failures;

-- NULL expires_at: a token issued before expiry existed; it expires a
-- default lifetime after it was created.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
CREATE INDEX api_tokens_account ON api_tokens(account_id);
