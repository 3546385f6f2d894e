package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Request bodies are bounded before anything reads them: maxFormBody for
// forms and JSON, maxUploadBody on the routes that take a file.
const (
	maxFormBody   = 1 << 20
	maxUploadBody = maxUpload + 1<<20 // the file and the form around it
)

// uploadRoutes are the route patterns that take a file of up to maxUpload.
var uploadRoutes = map[string]bool{
	"POST /programs/{id}/people/upload":        true,
	"POST /admin/import/catalogue":             true,
	"POST /admin/import/populations":           true,
	"PUT /api/v1/programs/{id}/students":       true,
	"PUT /api/v1/programs/{id}/mentors":        true,
	"PUT /api/v1/training/completions":         true,
	"POST /programs/{id}/training/completions": true,
	"POST /recruit/{id}":                       true,
}

// bodyLimit is the most a request to r's route may send. Every upload
// route takes a POST or PUT, so a GET or HEAD, most requests, is bounded
// without a second route lookup.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if safeMethod(r.Method) {
		return maxFormBody
	}
	if _, pattern := s.mux.Handler(r); uploadRoutes[pattern] {
		return maxUploadBody
	}
	return maxFormBody
}

// errTooLarge is the answer (413) to a body beyond limit bytes. An upload
// is named by its file's limit: the form around the file is no concern of
// the user's.
func errTooLarge(limit int64) *app.Error {
	limit = min(limit, maxUpload)
	return (&app.Error{Code: app.CodeTooLarge, Key: "error.too_large",
		Message: fmt.Sprintf("the request is too large: at most %d MiB is accepted", limit>>20)}).WithArgs("MiB", limit>>20)
}

// limitedBody is a request body cut at its limit that remembers, for the
// error answer, that the limit was hit.
type limitedBody struct {
	io.ReadCloser
	st *reqState
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		b.st.tooLarge = mbe.Limit
	}
	return n, err
}

// limitBody bounds r's body (w must be net/http's own writer, so that a
// body cut short closes the connection instead of being drained). A
// declared length beyond the limit is refused at once; a form that is not
// an upload is parsed here, in memory (it is at most maxFormBody, far below
// the 32 MiB from which net/http spools files to disk), so every later
// reader of the form shares this parse. It reports whether the request may
// go on; if not, it has answered.
func (s *Server) limitBody(w, sw http.ResponseWriter, r *http.Request, st *reqState) bool {
	limit := s.bodyLimit(r)
	if r.ContentLength > limit {
		st.tooLarge = limit
		s.fail(sw, r, errTooLarge(limit))
		return false
	}
	r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, limit), st: st}
	if limit != maxFormBody || safeMethod(r.Method) {
		return true
	}
	switch ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct {
	case "multipart/form-data":
		_ = r.ParseMultipartForm(maxFormBody)
	case "application/x-www-form-urlencoded":
		_ = r.ParseForm()
	}
	if st.tooLarge > 0 {
		s.fail(sw, r, errTooLarge(limit))
		return false
	}
	return true
}

// removeForms deletes what parsing a multipart form of one request left in
// the temporary directory. net/http removes only the form of the request it
// made itself, not of the copies that middleware hands on.
func removeForms(rs []*http.Request) {
	for _, r := range rs {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}
}

// An upload is parsed by at most importsRunning requests at once (each may
// take a few hundred MB and seconds of CPU on the largest files); up to
// importsWaiting more wait for their turn, and the rest are answered 429.
const (
	importsRunning = 2
	importsWaiting = 4
)

// enterImport waits for a turn to parse an upload; the function it returns
// ends the turn. A refusal is a 429 with Retry-After (see fail).
func (s *Server) enterImport(r *http.Request) (func(), error) {
	return s.imports.Enter(r.Context())
}
