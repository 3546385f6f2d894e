// Package server assembles mentorhub: the database, the area services and
// the web layer, with Run and Close, so the CLI and tests boot the same app.
package server
