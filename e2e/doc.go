// Package e2e holds end-to-end tests that run the whole mentorhub app in
// the test process, on 127.0.0.1 with a free port, over a fresh database
// (SQLite, or PostgreSQL when MENTORHUB_TEST_DATABASE_URL is set) with the
// demo data, and a local OpenID Connect provider standing in for Feide.
//
// The HTTP-level tests run with every `go test ./...`:
//
//	go test ./e2e/
//
// The browser tests drive /usr/bin/chromium through the DevTools protocol
// and are built only with the browser tag:
//
//	go test -tags browser ./e2e/ -v -count=1
//
// A failing browser test saves a full-page screenshot and the page's HTML
// in a new temporary directory and logs its path.
package e2e
