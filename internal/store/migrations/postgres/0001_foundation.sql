-- Foundation: institutions and their organisation tree, persons, accounts,
-- role grants, sessions, API tokens, OIDC login state and the audit log.

CREATE TABLE institutions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    feide_realm TEXT UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE org_units (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    parent_id      BIGINT REFERENCES org_units(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('faculty', 'department', 'section')),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    UNIQUE (institution_id, code)
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE study_programmes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    unit_id        BIGINT REFERENCES org_units(id) ON DELETE SET NULL,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    UNIQUE (institution_id, code)
);
CREATE INDEX study_programmes_unit ON study_programmes(unit_id);

CREATE TABLE cohorts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES study_programmes(id) ON DELETE CASCADE,
    term         TEXT NOT NULL,
    students     INTEGER NOT NULL DEFAULT 0 CHECK (students >= 0),
    UNIQUE (programme_id, term)
);

CREATE TABLE programs (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    unit_id        BIGINT REFERENCES org_units(id) ON DELETE SET NULL,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (institution_id, code)
);

CREATE TABLE persons (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    email          TEXT,
    student_number TEXT,
    employee_id    TEXT,
    feide_id       TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (institution_id, student_number),
    UNIQUE (institution_id, employee_id),
    UNIQUE (institution_id, feide_id)
);
CREATE INDEX persons_email ON persons(institution_id, email);

CREATE TABLE accounts (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id      BIGINT NOT NULL UNIQUE REFERENCES persons(id) ON DELETE CASCADE,
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT,
    locale         TEXT NOT NULL DEFAULT '',
    national_admin BOOLEAN NOT NULL DEFAULT FALSE,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    last_login_at  TIMESTAMPTZ
);

CREATE TABLE oidc_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE TABLE role_grants (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'coordinator', 'mentor', 'student', 'researcher')),
    institution_id BIGINT NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    unit_id        BIGINT REFERENCES org_units(id) ON DELETE CASCADE,
    program_id     BIGINT REFERENCES programs(id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants(account_id, role, institution_id, COALESCE(unit_id, 0), COALESCE(program_id, 0));

CREATE TABLE web_sessions (
    id_hash       TEXT PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    via           TEXT NOT NULL,
    id_token      TEXT
);
CREATE INDEX web_sessions_account ON web_sessions(account_id);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE oidc_flows (
    state      TEXT PRIMARY KEY,
    verifier   TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    return_to  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
    institution_id BIGINT REFERENCES institutions(id) ON DELETE SET NULL,
    account_id     BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    action         TEXT NOT NULL,
    target         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL,
    details        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_inst_at ON audit_log(institution_id, at);
CREATE INDEX audit_log_account ON audit_log(account_id);
