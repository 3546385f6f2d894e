package web

import (
	"context"
	"net/http"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/i18n"
)

// reqState is what middleware learns about a request.
type reqState struct {
	session *auth.Session // nil when not logged in through the browser
	printer *i18n.Printer
	isAPI   bool
	pattern string // the matched route, for logs and metrics
	// tooLarge is the body limit once the body turned out to exceed it.
	tooLarge int64
	// reqs are the copies of the request made by middleware, whose parsed
	// multipart forms are removed when the request ends.
	reqs []*http.Request
}

type stateKey struct{}

func stateOf(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{}
}

func withState(ctx context.Context, st *reqState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

func actorOf(r *http.Request) *app.Actor { return app.ActorFrom(r.Context()) }

func printerOf(r *http.Request) *i18n.Printer { return stateOf(r).printer }
