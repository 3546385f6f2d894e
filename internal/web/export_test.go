package web

import "github.com/mentorhub/mentorhub/internal/app"

// SetImportGate replaces the gate uploads are parsed through, so that a
// test can fill it.
func SetImportGate(s *Server, g *app.Gate) { s.imports = g }
