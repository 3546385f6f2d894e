package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

// accountData is the admin's page of one account: its state and API tokens.
type accountData struct {
	Account      auth.Account
	Tokens       []tokenRow
	Self         bool
	DefaultDays  int // a new token's lifetime, for the hint
	UnitNames    map[int64]string
	ProgramNames map[int64]string
}

type tokenRow struct {
	auth.Token
	State string // active, expired or revoked
}

// adminAccount reads the account named by {id}: admins of its institution
// and national admins only; to other admins it does not exist.
func (s *Server) adminAccount(r *http.Request) (auth.Account, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return auth.Account{}, app.NotFound("account")
	}
	acct, err := s.Auth.Account(r.Context(), id)
	if err != nil {
		return auth.Account{}, err
	}
	if !actorOf(r).IsAdminOf(acct.InstitutionID) {
		return auth.Account{}, app.Forbidden()
	}
	return acct, nil
}

func (s *Server) handleAdminAccount(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.adminAccount(r)
	if err != nil {
		return err
	}
	tokens, err := s.Auth.Tokens(r.Context(), acct.ID)
	if err != nil {
		return err
	}
	d := accountData{Account: acct, Self: acct.ID == actorOf(r).AccountID,
		UnitNames: map[int64]string{}, ProgramNames: map[int64]string{},
		DefaultDays: int(s.Auth.Policy.TokenLifetime / (24 * time.Hour))}
	now := s.now()
	for _, t := range tokens {
		row := tokenRow{Token: t, State: "active"}
		switch {
		case t.Revoked():
			row.State = "revoked"
		case t.Expired(now):
			row.State = "expired"
		}
		d.Tokens = append(d.Tokens, row)
	}
	units, err := s.Org.Units(r.Context(), acct.InstitutionID)
	if err != nil {
		return err
	}
	for _, u := range units {
		d.UnitNames[u.ID] = u.Name
	}
	// Only the programs of its grants are named (a national admin's list
	// of every program would be read for two or three names).
	for _, g := range acct.Grants {
		if _, done := d.ProgramNames[g.ProgramID]; g.ProgramID == 0 || done {
			continue
		}
		p, err := s.Programs.Get(r.Context(), g.ProgramID)
		if app.ErrorCode(err) == app.CodeNotFound {
			continue
		} else if err != nil {
			return err
		}
		d.ProgramNames[p.ID] = p.Name
	}
	p := printerOf(r)
	pg := s.page(r, p.T("title.admin.account", "Name", acct.Name()), d)
	if n := r.URL.Query().Get("done"); slices.Contains([]string{"disable", "enable", "token_revoke"}, n) {
		pg.Notice = &noticeData{Kind: "success", Text: p.T("admin.done." + n)}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, r, http.StatusOK, "admin/account", pg)
	return nil
}

func afterAccount(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, fmt.Sprintf("/admin/users/%d?done=%s", id, done), http.StatusSeeOther)
}

func (s *Server) handleAdminDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

func (s *Server) handleAdminEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	acct, err := s.adminAccount(r)
	if err != nil {
		return err
	}
	if _, err := s.Auth.SetDisabled(r.Context(), acct.ID, disabled); err != nil {
		return err
	}
	done := "enable"
	if disabled {
		done = "disable"
	}
	afterAccount(w, r, acct.ID, done)
	return nil
}

func (s *Server) handleAdminRevokeToken(w http.ResponseWriter, r *http.Request) error {
	acct, err := s.adminAccount(r)
	if err != nil {
		return err
	}
	tid, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		return app.NotFound("token")
	}
	// The token must be this account's: the path names both.
	if _, err := s.Auth.RevokeAccountToken(r.Context(), acct.ID, tid); err != nil {
		return err
	}
	afterAccount(w, r, acct.ID, "token_revoke")
	return nil
}
