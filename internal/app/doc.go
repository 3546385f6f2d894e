// Package app is the shared kernel of mentorhub: the error type every layer
// speaks, the acting user (Actor) and its roles, the clock, and context helpers.
// It imports nothing else from the project, so every area package may use it.
package app
