package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/web"
)

// A refused sign-up whose key the catalogue lacks says the generic
// Norwegian text of its code (as errorText and the error page do), never
// the raw key.
func TestSignupProblemWithoutTranslationIsNotARawKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.demo.Programs["uib-hf-signup"]
	_, a, err := e.app.Auth.Login(context.Background(), "student@demo.mentorhub.no", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	const key = "enrolment.no_such_key_yet"
	if err := web.SignupRefusal(e.app.Web, w, a, "nb", p.ID, app.Invalid(key, "an English message")); err != nil {
		t.Fatal(err)
	}
	b := w.Body.String()
	generic := e.app.Web.Catalog.Printer("nb").T("error.invalid")
	if strings.Contains(b, key) || strings.Contains(b, "an English message") || !strings.Contains(b, generic) {
		t.Errorf("the refusal shows the raw key or English, not %q:\n%s", generic, b)
	}
}
