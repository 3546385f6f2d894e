package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

var _ auth.Store = (*Auth)(nil)

func createGrants(tx *Tx, accountID int64, gs []app.Grant) error {
	for _, g := range gs {
		if _, err := tx.insert(qCreateGrant, P{"account_id": accountID, "role": string(g.Role), "institution_id": g.InstitutionID,
			"unit_id": nullID(g.UnitID), "program_id": nullID(g.ProgramID), "now": tx.Now}); err != nil {
			return err
		}
	}
	return nil
}

func createAccountTx(tx *Tx, personID, inst int64, email, hash, locale string, national bool, gs []app.Grant) (int64, error) {
	id, err := tx.insert(qCreateAccount, P{"person_id": personID, "institution_id": inst, "email": email,
		"password_hash": nullStr(hash), "locale": locale, "national_admin": national, "now": tx.Now})
	if err != nil {
		return 0, err
	}
	return id, createGrants(tx, id, gs)
}

// CreateAccount creates a person, its account and grants in one transaction.
func (st *Auth) CreateAccount(ctx context.Context, n auth.NewAccount) (auth.Account, error) {
	var id int64
	err := st.db.Write(ctx, func(tx *Tx) error {
		p := n.Person
		if p.StudentNumber != "" {
			// The person the student system knows by this number, if imported.
			pid, err := tx.insert(qUpsertStudentPerson, P{"institution_id": p.InstitutionID, "given_name": p.GivenName,
				"family_name": p.FamilyName, "email": nullStr(p.Email), "external_id": p.StudentNumber, "now": tx.Now})
			if err != nil {
				return err
			}
			id, err = createAccountTx(tx, pid, p.InstitutionID, n.Email, n.PasswordHash, n.Locale, n.National, n.Grants)
			return err
		}
		pid, err := tx.insert(qCreatePerson, P{"institution_id": p.InstitutionID, "given_name": p.GivenName, "family_name": p.FamilyName,
			"email": nullStr(p.Email), "student_number": nullStr(p.StudentNumber), "employee_id": nullStr(p.EmployeeID),
			"feide_id": nullStr(p.FeideID), "now": tx.Now})
		if err != nil {
			return err
		}
		id, err = createAccountTx(tx, pid, p.InstitutionID, n.Email, n.PasswordHash, n.Locale, n.National, n.Grants)
		return err
	})
	if err != nil {
		return auth.Account{}, err
	}
	return st.FindAccountByID(ctx, id)
}

// CreateAccountForPerson gives an existing person an account.
func (st *Auth) CreateAccountForPerson(ctx context.Context, personID, inst int64, email, locale string, gs []app.Grant) (auth.Account, error) {
	var id int64
	err := st.db.Write(ctx, func(tx *Tx) (err error) {
		id, err = createAccountTx(tx, personID, inst, email, "", locale, false, gs)
		return err
	})
	if err != nil {
		return auth.Account{}, err
	}
	return st.FindAccountByID(ctx, id)
}

func (st *Auth) findAccount(ctx context.Context, q *queryRef, p P) (a auth.Account, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		if err := tx.get(q, p, "account", &a.ID, &a.PersonID, &a.InstitutionID, &a.Email, &a.PasswordHash, &a.Locale,
			&a.National, &a.Disabled, &a.GivenName, &a.FamilyName, &a.CreatedAt); err != nil {
			return err
		}
		a.CreatedAt = utc(a.CreatedAt)
		a.Grants, err = findGrants(tx, a.ID)
		return err
	})
	return a, err
}

func findGrants(tx *Tx, accountID int64) (out []app.Grant, err error) {
	rows, err := tx.query(qFindGrants, P{"account_id": accountID})
	err = each(rows, err, func(r *sql.Rows) error {
		var g app.Grant
		var role string
		if err := r.Scan(&g.ID, &role, &g.InstitutionID, &g.UnitID, &g.ProgramID); err != nil {
			return err
		}
		g.Role = app.Role(role)
		out = append(out, g)
		return nil
	})
	return out, err
}

// FindAccountByEmail returns the account with that login address.
func (st *Auth) FindAccountByEmail(ctx context.Context, email string) (auth.Account, error) {
	return st.findAccount(ctx, qFindAccountByEmail, P{"email": email})
}

// FindAccountByID returns one account with its grants.
func (st *Auth) FindAccountByID(ctx context.Context, id int64) (auth.Account, error) {
	return st.findAccount(ctx, qFindAccountByID, P{"id": id})
}

// FindAccountByPerson returns the account of a person.
func (st *Auth) FindAccountByPerson(ctx context.Context, personID int64) (auth.Account, error) {
	return st.findAccount(ctx, qFindAccountByPerson, P{"person_id": personID})
}

// FindAccounts lists the accounts of an institution with their grants.
func (st *Auth) FindAccounts(ctx context.Context, inst int64) (out []auth.Account, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindAccountsOfInstitution, P{"institution_id": inst})
		idx := map[int64]int{}
		err = each(rows, err, func(r *sql.Rows) error {
			var a auth.Account
			if err := r.Scan(&a.ID, &a.PersonID, &a.InstitutionID, &a.Email, &a.PasswordHash, &a.Locale,
				&a.National, &a.Disabled, &a.GivenName, &a.FamilyName, &a.CreatedAt); err != nil {
				return err
			}
			a.CreatedAt = utc(a.CreatedAt)
			idx[a.ID] = len(out)
			out = append(out, a)
			return nil
		})
		if err != nil {
			return err
		}
		rows, err = tx.query(qFindGrantsOfInstitution, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var acct int64
			var g app.Grant
			var role string
			if err := r.Scan(&acct, &g.ID, &role, &g.InstitutionID, &g.UnitID, &g.ProgramID); err != nil {
				return err
			}
			g.Role = app.Role(role)
			if i, ok := idx[acct]; ok {
				out[i].Grants = append(out[i].Grants, g)
			}
			return nil
		})
	})
	return out, err
}

// UpdateLocale stores an account's language.
func (st *Auth) UpdateLocale(ctx context.Context, id int64, locale string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qUpdateAccountLocale, P{"id": id, "locale": locale})
		return err
	})
}

// UpdatePassword stores a new password hash and ends the account's sessions.
func (st *Auth) UpdatePassword(ctx context.Context, id int64, hash string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qUpdateAccountPassword, P{"id": id, "password_hash": hash}); err != nil {
			return err
		}
		_, err := tx.exec(qDeleteWebSessionsOfAccount, P{"account_id": id})
		return err
	})
}

// AddGrant adds a role grant.
func (st *Auth) AddGrant(ctx context.Context, accountID int64, g app.Grant) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateGrant, P{"account_id": accountID, "role": string(g.Role), "institution_id": g.InstitutionID,
			"unit_id": nullID(g.UnitID), "program_id": nullID(g.ProgramID), "now": tx.Now})
		return err
	})
	return id, err
}

// RemoveGrant deletes a role grant of an account.
func (st *Auth) RemoveGrant(ctx context.Context, accountID, grantID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qDeleteGrant, P{"id": grantID, "account_id": accountID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("role")
		}
		return nil
	})
}

// CreateWebSession stores a new login session.
func (st *Auth) CreateWebSession(ctx context.Context, s auth.Session) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreateWebSession, P{"id_hash": s.IDHash, "account_id": s.AccountID, "csrf_token": s.CSRFToken,
			"now": s.CreatedAt, "expires_at": s.ExpiresAt, "via": s.Via, "id_token": nullStr(s.IDToken)})
		return err
	})
}

// FindWebSession returns a login session by the hash of its id.
func (st *Auth) FindWebSession(ctx context.Context, h string) (s auth.Session, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindWebSession, P{"id_hash": h}, "session", &s.IDHash, &s.AccountID, &s.CSRFToken, &s.CreatedAt,
			&s.LastSeenAt, &s.ExpiresAt, &s.Via, &s.IDToken)
	})
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = utc(s.CreatedAt), utc(s.LastSeenAt), utc(s.ExpiresAt)
	return s, err
}

// TouchWebSession records that a login session was used now.
func (st *Auth) TouchWebSession(ctx context.Context, h string) error {
	return st.db.writeKeeping(ctx, func(tx *Tx) error {
		_, err := tx.exec(qTouchWebSession, P{"id_hash": h, "now": tx.Now})
		return err
	})
}

// DeleteWebSession ends a login session.
func (st *Auth) DeleteWebSession(ctx context.Context, h string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qDeleteWebSession, P{"id_hash": h})
		return err
	})
}

// DeleteWebSessionsOfAccount ends every login session of an account.
func (st *Auth) DeleteWebSessionsOfAccount(ctx context.Context, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qDeleteWebSessionsOfAccount, P{"account_id": accountID})
		return err
	})
}

// DeleteExpiredWebSessions removes expired and idle login sessions and stale login state.
func (st *Auth) DeleteExpiredWebSessions(ctx context.Context, idleBefore time.Time) (n int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qDeleteExpiredWebSessions, P{"now": tx.Now, "idle_before": idleBefore})
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if _, err := tx.exec(qDeleteOldLoginThrottle, P{"before": tx.Now.Add(-24 * time.Hour).Unix()}); err != nil {
			return err
		}
		_, err = tx.exec(qDeleteOldOIDCFlows, P{"before": tx.Now.Add(-time.Hour)})
		return err
	})
	return n, err
}

// LoginSucceeded records the login, deletes the reset throttling keys and
// takes back the attempt counted under the refund keys, in one transaction.
func (st *Auth) LoginSucceeded(ctx context.Context, accountID int64, reset []string, refund []auth.ThrottleKey) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qUpdateAccountLastLogin, P{"id": accountID, "now": tx.Now}); err != nil {
			return err
		}
		for _, k := range reset {
			if _, err := tx.exec(qDeleteLoginThrottle, P{"key": k}); err != nil {
				return err
			}
		}
		return refundTx(tx, refund)
	})
}

// ClaimLoginAttempt counts one attempt under every key, or under none: when
// a key is still waiting, the transaction is rolled back and the time that
// key opens again is returned (a zero time: the attempt was counted).
func (st *Auth) ClaimLoginAttempt(ctx context.Context, keys []auth.ThrottleKey, forgetBefore time.Time) (retryAt time.Time, err error) {
	errWaiting := errors.New("waiting")
	err = st.db.Write(ctx, func(tx *Tx) error {
		now := tx.Now.Unix()
		for _, k := range keys {
			if _, err := tx.exec(qDeleteStaleLoginThrottle, P{"key": k.Key, "before": forgetBefore.Unix()}); err != nil {
				return err
			}
			free, maxWait := int64(max(k.Free, 1)), max(int64(k.MaxWait/time.Second), 1)
			var first int64
			if free <= 1 {
				first = 1
			}
			var n int64
			err := tx.get(qClaimLoginAttempt, P{"key": k.Key, "first_wait": first, "first_next": now + first, "now": now,
				"free": free, "cap": maxWait}, "throttle", &n)
			if app.ErrorCode(err) == app.CodeNotFound {
				var next int64
				if err := tx.get(qFindLoginThrottleNext, P{"key": k.Key}, "throttle", &next); err != nil {
					return err
				}
				retryAt = time.Unix(next, 0).UTC()
				return errWaiting
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errWaiting) {
		return retryAt, nil
	}
	return time.Time{}, err
}

// RefundLoginAttempt takes back an attempt counted under each key.
func (st *Auth) RefundLoginAttempt(ctx context.Context, keys []auth.ThrottleKey) error {
	return st.db.Write(ctx, func(tx *Tx) error { return refundTx(tx, keys) })
}

func refundTx(tx *Tx, keys []auth.ThrottleKey) error {
	for _, k := range keys {
		if _, err := tx.exec(qRefundLoginAttempt, P{"key": k.Key, "free": int64(max(k.Free, 1))}); err != nil {
			return err
		}
	}
	return nil
}

// CreateToken stores a token hash.
func (st *Auth) CreateToken(ctx context.Context, t auth.NewToken) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateToken, P{"account_id": t.AccountID, "token_hash": t.Hash, "prefix": t.Prefix,
			"name": t.Name, "now": tx.Now, "expires_at": t.ExpiresAt.UTC()})
		return err
	})
	return id, err
}

func scanToken(scan func(...any) error) (t auth.Token, err error) {
	var expires, used, revoked sql.NullTime
	// Columns, not COALESCE(...): SQLite types an expression by its
	// value, and the driver turns only declared TIMESTAMP columns into time.
	if err := scan(&t.ID, &t.AccountID, &t.Name, &t.Prefix, &t.CreatedAt, &expires, &used, &revoked); err != nil {
		return t, err
	}
	t.CreatedAt = utc(t.CreatedAt)
	if expires.Valid {
		t.ExpiresAt = utc(expires.Time)
	} else {
		t.ExpiresAt = t.CreatedAt.Add(auth.DefaultTokenLifetime)
	}
	if used.Valid {
		t.LastUsed = utc(used.Time)
	}
	if revoked.Valid {
		t.RevokedAt = utc(revoked.Time)
	}
	return t, nil
}

func (st *Auth) findToken(ctx context.Context, q *queryRef, p P) (t auth.Token, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		var err error
		t, err = scanToken(func(dest ...any) error { return tx.get(q, p, "token", dest...) })
		return err
	})
	return t, err
}

// FindTokenByHash returns a token by its hash.
func (st *Auth) FindTokenByHash(ctx context.Context, h string) (auth.Token, error) {
	return st.findToken(ctx, qFindTokenByHash, P{"token_hash": h})
}

// FindTokenAccountByHash returns a token by the hash of its secret with
// its account and the account's grants, in one statement where
// FindTokenByHash and FindAccountByID take three.
func (st *Auth) FindTokenAccountByHash(ctx context.Context, h string) (auth.Token, auth.Account, error) {
	if st.db.joining(ctx) != nil {
		return st.findTokenAccountByHash(ctx, h)
	}
	// Every API request asks this: kept (cache.go), without the
	// password's hash, which a token never needs.
	f, _, err := st.db.caches.tokens.get(h, func() (tokenAccount, error) {
		// Shared with whoever waits for the same token: no one
		// request's cancellation may fail the others.
		t, a, err := st.findTokenAccountByHash(context.WithoutCancel(ctx), h)
		a.PasswordHash = ""
		return tokenAccount{t, a}, err
	})
	a := f.a
	a.Grants = slices.Clone(a.Grants)
	return f.t, a, err
}

type tokenAccount struct {
	t auth.Token
	a auth.Account
}

func (st *Auth) findTokenAccountByHash(ctx context.Context, h string) (t auth.Token, a auth.Account, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		found := false
		rows, err := tx.query(qFindTokenAccountByHash, P{"token_hash": h})
		err = each(rows, err, func(r *sql.Rows) error {
			var g app.Grant
			var role string
			tok, err := scanToken(func(dest ...any) error {
				return r.Scan(append(dest, &a.ID, &a.PersonID, &a.InstitutionID, &a.Email, &a.PasswordHash, &a.Locale,
					&a.National, &a.Disabled, &a.GivenName, &a.FamilyName, &a.CreatedAt,
					&g.ID, &role, &g.InstitutionID, &g.UnitID, &g.ProgramID)...)
			})
			if err != nil {
				return err
			}
			t, found = tok, true
			if g.ID != 0 {
				g.Role = app.Role(role)
				a.Grants = append(a.Grants, g)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !found {
			return app.NotFound("token")
		}
		a.CreatedAt = utc(a.CreatedAt)
		return nil
	})
	return t, a, err
}

// FindTokenByID returns a token by its id.
func (st *Auth) FindTokenByID(ctx context.Context, id int64) (auth.Token, error) {
	return st.findToken(ctx, qFindTokenByID, P{"id": id})
}

// FindTokens lists an account's tokens, newest first.
func (st *Auth) FindTokens(ctx context.Context, accountID int64) (out []auth.Token, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindTokensOfAccount, P{"account_id": accountID})
		return each(rows, err, func(r *sql.Rows) error {
			t, err := scanToken(r.Scan)
			out = append(out, t)
			return err
		})
	})
	return out, err
}

// TouchToken records a token's use.
func (st *Auth) TouchToken(ctx context.Context, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qTouchToken, P{"id": id, "now": tx.Now})
		return err
	})
}

// RevokeToken marks a token revoked (a second revocation changes nothing).
func (st *Auth) RevokeToken(ctx context.Context, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qRevokeToken, P{"id": id, "now": tx.Now})
		return err
	})
}

// SetAccountDisabled disables or enables an account; disabling ends its
// sessions in the same transaction.
func (st *Auth) SetAccountDisabled(ctx context.Context, id int64, disabled bool) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qUpdateAccountDisabled, P{"id": id, "disabled": disabled})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("account")
		}
		if disabled {
			_, err = tx.exec(qDeleteWebSessionsOfAccount, P{"account_id": id})
		}
		return err
	})
}

// CreateOIDCFlow stores the state of a login round trip.
func (st *Auth) CreateOIDCFlow(ctx context.Context, f auth.OIDCFlow) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreateOIDCFlow, P{"state": f.State, "verifier": f.Verifier, "nonce": f.Nonce, "return_to": f.ReturnTo, "now": tx.Now})
		return err
	})
}

// TakeOIDCFlow removes and returns a flow: a state can be used once.
func (st *Auth) TakeOIDCFlow(ctx context.Context, state string, since time.Time) (f auth.OIDCFlow, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		return tx.get(qTakeOIDCFlow, P{"state": state, "since": since}, "login attempt", &f.Verifier, &f.Nonce, &f.ReturnTo)
	})
	f.State = state
	return f, err
}

// FindOIDCIdentity returns the account linked to an OIDC identity.
func (st *Auth) FindOIDCIdentity(ctx context.Context, issuer, subject string) (id int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindOIDCIdentity, P{"issuer": issuer, "subject": subject}, "identity", &id)
	})
	return id, err
}

// LinkOIDCIdentity ties an OIDC identity to an account.
func (st *Auth) LinkOIDCIdentity(ctx context.Context, issuer, subject string, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreateOIDCIdentity, P{"issuer": issuer, "subject": subject, "account_id": accountID, "now": tx.Now})
		return err
	})
}

// FindPersonsByFeideID returns (person, institution) pairs with that Feide id.
func (st *Auth) FindPersonsByFeideID(ctx context.Context, feideID string) (out [][2]int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindPersonByFeideID, P{"feide_id": feideID})
		return each(rows, err, func(r *sql.Rows) error {
			var p [2]int64
			if err := r.Scan(&p[0], &p[1]); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	return out, err
}

// Audit appends to the audit log.
func (st *Auth) Audit(ctx context.Context, e auth.AuditEntry) error {
	return st.db.writeKeeping(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreateAuditEntry, P{"now": tx.Now, "institution_id": nullID(e.InstitutionID), "account_id": nullID(e.AccountID),
			"action": e.Action, "target": e.Target, "outcome": e.Outcome, "details": e.Details})
		return err
	})
}

// FindAudit returns the newest audit entries matching f.
func (st *Auth) FindAudit(ctx context.Context, f auth.AuditFilter) (out []auth.AuditEntry, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindAuditEntries, P{"institution_id": f.InstitutionID, "action": f.Action, "limit": f.Limit})
		return each(rows, err, func(r *sql.Rows) error {
			var e auth.AuditEntry
			if err := r.Scan(&e.ID, &e.At, &e.InstitutionID, &e.AccountID, &e.AccountEmail, &e.Action, &e.Target, &e.Outcome, &e.Details); err != nil {
				return err
			}
			e.At = utc(e.At)
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// FindInstitutionIDByRealm returns the institution using a Feide realm.
func (st *Auth) FindInstitutionIDByRealm(ctx context.Context, realm string) (int64, error) {
	var id int64
	var slug, name, realmCol string
	var created time.Time
	err := st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindInstitutionByRealm, P{"realm": realm}, "institution", &id, &slug, &name, &realmCol, &created)
	})
	return id, err
}
