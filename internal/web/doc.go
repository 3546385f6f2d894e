// Package web is mentorhub's HTTP face: server-rendered pages (html/template,
// htmx-enhanced), the JSON API under /api/v1, health and metrics endpoints,
// and the middleware every request passes (recovery, logging, metrics,
// security headers, session or token authentication, CSRF, language).
// It decides nothing about access itself: services do, from the Actor.
package web
