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

-- name: CreateSession
INSERT INTO web_sessions (id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, via, id_token)
VALUES (:id_hash, :account_id, :csrf_token, :now, :now, :expires_at, :via, :id_token)

-- name: FindSession
SELECT id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, via, COALESCE(id_token, '')
FROM web_sessions WHERE id_hash = :id_hash

-- name: TouchSession
UPDATE web_sessions SET last_seen_at = :now WHERE id_hash = :id_hash

-- name: DeleteSession
DELETE FROM web_sessions WHERE id_hash = :id_hash

-- name: DeleteSessionsOfAccount
DELETE FROM web_sessions WHERE account_id = :account_id

-- name: DeleteExpiredSessions
DELETE FROM web_sessions WHERE expires_at < :now OR last_seen_at < :idle_before

-- name: CreateToken
INSERT INTO api_tokens (account_id, token_hash, prefix, created_at)
VALUES (:account_id, :token_hash, :prefix, :now) RETURNING id

-- name: FindTokenByHash
SELECT id, account_id, created_at, last_used_at, revoked_at IS NOT NULL
FROM api_tokens WHERE token_hash = :token_hash

-- name: TouchToken
UPDATE api_tokens SET last_used_at = :now WHERE id = :id

-- name: CreateLoginFailure
INSERT INTO login_failures (key, at) VALUES (:key, :now)

-- name: CountLoginFailures
SELECT count(*) FROM login_failures WHERE key = :key AND at > :since

-- name: DeleteLoginFailures
DELETE FROM login_failures WHERE key = :key

-- name: DeleteOldLoginFailures
DELETE FROM login_failures WHERE at < :before

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
