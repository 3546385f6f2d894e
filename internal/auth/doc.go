// Package auth is responsible for who may do what: accounts (how a person
// logs in), role grants scoped to an institution, unit or program, password
// and OpenID Connect login, browser sessions, API tokens, login throttling and
// the audit log. Other areas decide access from the app.Actor this package
// builds; they never look at cookies or tokens.
package auth
