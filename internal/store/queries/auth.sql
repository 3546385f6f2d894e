-- Persons, accounts, grants, sessions, tokens, login throttling, audit log.

-- name: CreatePerson
INSERT INTO persons (institution_id, given_name, family_name, email, student_number, employee_id, feide_id, created_at)
VALUES (:institution_id, :given_name, :family_name, :email, :student_number, :employee_id, :feide_id, :now) RETURNING id

-- name: FindPersonByFeideID
SELECT id, institution_id FROM persons WHERE feide_id = :feide_id ORDER BY id

-- name: CreateAccount
INSERT INTO accounts (person_id, institution_id, email, password_hash, locale, national_admin, created_at)
VALUES (:person_id, :institution_id, :email, :password_hash, :locale, :national_admin, :now) RETURNING id

-- name: FindAccountByEmail
SELECT a.id, a.person_id, a.institution_id, a.email, COALESCE(a.password_hash, ''), a.locale,
       a.national_admin, a.disabled, p.given_name, p.family_name, a.created_at
FROM accounts a JOIN persons p ON p.id = a.person_id WHERE a.email = :email

-- name: FindAccountByID
SELECT a.id, a.person_id, a.institution_id, a.email, COALESCE(a.password_hash, ''), a.locale,
       a.national_admin, a.disabled, p.given_name, p.family_name, a.created_at
FROM accounts a JOIN persons p ON p.id = a.person_id WHERE a.id = :id

-- name: FindAccountByPerson
SELECT a.id, a.person_id, a.institution_id, a.email, COALESCE(a.password_hash, ''), a.locale,
       a.national_admin, a.disabled, p.given_name, p.family_name, a.created_at
FROM accounts a JOIN persons p ON p.id = a.person_id WHERE a.person_id = :person_id

-- name: FindAccountsOfInstitution
SELECT a.id, a.person_id, a.institution_id, a.email, '', a.locale,
       a.national_admin, a.disabled, p.given_name, p.family_name, a.created_at
FROM accounts a JOIN persons p ON p.id = a.person_id
WHERE a.institution_id = :institution_id ORDER BY p.family_name, p.given_name, a.id

-- name: UpdateAccountLocale
UPDATE accounts SET locale = :locale WHERE id = :id

-- name: UpdateAccountPassword
UPDATE accounts SET password_hash = :password_hash WHERE id = :id

-- name: UpdateAccountLastLogin
UPDATE accounts SET last_login_at = :now WHERE id = :id

-- name: CreateGrant
INSERT INTO role_grants (account_id, role, institution_id, unit_id, program_id, created_at)
VALUES (:account_id, :role, :institution_id, :unit_id, :program_id, :now) RETURNING id

-- name: DeleteGrant
DELETE FROM role_grants WHERE id = :id AND account_id = :account_id

-- name: FindGrants
SELECT id, role, institution_id, COALESCE(unit_id, 0), COALESCE(program_id, 0)
FROM role_grants WHERE account_id = :account_id ORDER BY id

-- name: FindGrantsOfInstitution
SELECT g.account_id, g.id, g.role, g.institution_id, COALESCE(g.unit_id, 0), COALESCE(g.program_id, 0)
FROM role_grants g WHERE g.institution_id = :institution_id ORDER BY g.account_id, g.id

-- name: CreateWebSession
INSERT INTO web_sessions (id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, via, id_token)
VALUES (:id_hash, :account_id, :csrf_token, :now, :now, :expires_at, :via, :id_token)

-- name: FindWebSession
SELECT id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, via, COALESCE(id_token, '')
FROM web_sessions WHERE id_hash = :id_hash

-- name: TouchWebSession
UPDATE web_sessions SET last_seen_at = :now WHERE id_hash = :id_hash

-- name: DeleteWebSession
DELETE FROM web_sessions WHERE id_hash = :id_hash

-- name: DeleteWebSessionsOfAccount
DELETE FROM web_sessions WHERE account_id = :account_id

-- name: DeleteExpiredWebSessions
DELETE FROM web_sessions WHERE expires_at < :now OR last_seen_at < :idle_before

-- name: CreateToken
INSERT INTO api_tokens (account_id, token_hash, prefix, name, created_at, expires_at)
VALUES (:account_id, :token_hash, :prefix, :name, :now, :expires_at) RETURNING id

-- name: FindTokenByHash
SELECT id, account_id, name, prefix, created_at, expires_at, last_used_at, revoked_at
FROM api_tokens WHERE token_hash = :token_hash

-- name: FindTokenAccountByHash
-- A token, its account and the account's grants (FindTokenByHash,
-- FindAccountByID, FindGrants) in one statement, for authenticating each
-- API request: a row per grant (one with a NULL grant when none).
SELECT t.id, t.account_id, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
       a.id, a.person_id, a.institution_id, a.email, COALESCE(a.password_hash, ''), a.locale,
       a.national_admin, a.disabled, p.given_name, p.family_name, a.created_at,
       COALESCE(g.id, 0), COALESCE(g.role, ''), COALESCE(g.institution_id, 0), COALESCE(g.unit_id, 0), COALESCE(g.program_id, 0)
FROM api_tokens t JOIN accounts a ON a.id = t.account_id JOIN persons p ON p.id = a.person_id
LEFT JOIN role_grants g ON g.account_id = a.id
WHERE t.token_hash = :token_hash
ORDER BY g.id

-- name: FindTokenByID
SELECT id, account_id, name, prefix, created_at, expires_at, last_used_at, revoked_at
FROM api_tokens WHERE id = :id

-- name: FindTokensOfAccount
SELECT id, account_id, name, prefix, created_at, expires_at, last_used_at, revoked_at
FROM api_tokens WHERE account_id = :account_id ORDER BY created_at DESC, id DESC

-- name: TouchToken
UPDATE api_tokens SET last_used_at = :now WHERE id = :id

-- name: RevokeToken
UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL

-- name: UpdateAccountDisabled
UPDATE accounts SET disabled = :disabled WHERE id = :id

-- name: DeleteStaleLoginThrottle
DELETE FROM login_throttle WHERE key = :key AND last_at < :before

-- ClaimLoginAttempt counts an attempt and decides in one statement: while
-- the key's next_at lies ahead the update does not happen and no row comes
-- back, so parallel requests cannot all pass a check made before counting.
-- From the free-th failure on, each one doubles the wait (1 s, 2 s, 4 s …
-- up to the cap) before the next attempt.
-- name: ClaimLoginAttempt
INSERT INTO login_throttle (key, failures, wait_s, next_at, last_at)
VALUES (:key, 1, :first_wait, :first_next, :now)
ON CONFLICT (key) DO UPDATE SET
    failures = login_throttle.failures + 1,
    wait_s = CASE WHEN login_throttle.failures + 1 < :free THEN 0
                  WHEN login_throttle.wait_s * 2 > :cap THEN CAST(:cap AS BIGINT)
                  WHEN login_throttle.wait_s = 0 THEN 1
                  ELSE login_throttle.wait_s * 2 END,
    next_at = CAST(:now AS BIGINT) +
              CASE WHEN login_throttle.failures + 1 < :free THEN 0
                   WHEN login_throttle.wait_s * 2 > :cap THEN CAST(:cap AS BIGINT)
                   WHEN login_throttle.wait_s = 0 THEN 1
                   ELSE login_throttle.wait_s * 2 END,
    last_at = :now
WHERE login_throttle.next_at <= :now
RETURNING failures

-- name: FindLoginThrottleNext
SELECT next_at FROM login_throttle WHERE key = :key

-- RefundLoginAttempt takes back one counted attempt that turned out not to
-- be a failure (a correct password, or a server too busy to check it),
-- with the doubling of the wait it caused.
-- name: RefundLoginAttempt
UPDATE login_throttle SET
    failures = failures - 1,
    next_at = next_at - wait_s + CASE WHEN failures - 1 < :free THEN 0 ELSE wait_s / 2 END,
    wait_s = CASE WHEN failures - 1 < :free THEN 0 ELSE wait_s / 2 END
WHERE key = :key AND failures > 0

-- name: DeleteLoginThrottle
DELETE FROM login_throttle WHERE key = :key

-- name: DeleteOldLoginThrottle
DELETE FROM login_throttle WHERE last_at < :before

-- name: CreateOIDCFlow
INSERT INTO oidc_flows (state, verifier, nonce, return_to, created_at)
VALUES (:state, :verifier, :nonce, :return_to, :now)

-- name: TakeOIDCFlow
DELETE FROM oidc_flows WHERE state = :state AND created_at > :since
RETURNING verifier, nonce, return_to

-- name: DeleteOldOIDCFlows
DELETE FROM oidc_flows WHERE created_at < :before

-- name: FindOIDCIdentity
SELECT account_id FROM oidc_identities WHERE issuer = :issuer AND subject = :subject

-- name: CreateOIDCIdentity
INSERT INTO oidc_identities (issuer, subject, account_id, created_at)
VALUES (:issuer, :subject, :account_id, :now)

-- name: CreateAuditEntry
INSERT INTO audit_log (at, institution_id, account_id, action, target, outcome, details)
VALUES (:now, :institution_id, :account_id, :action, :target, :outcome, :details)

-- name: FindAuditEntries
SELECT l.id, l.at, COALESCE(l.institution_id, 0), COALESCE(l.account_id, 0), COALESCE(a.email, ''),
       l.action, l.target, l.outcome, l.details
FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
WHERE (:institution_id = 0 OR l.institution_id = :institution_id)
  AND (:action = '' OR l.action = :action)
ORDER BY l.id DESC LIMIT :limit
