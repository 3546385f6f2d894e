package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/testutil"
	"github.com/mentorhub/mentorhub/internal/web"
)

// The roles every route is called as, in the order of the table's columns.
// "this program" is the program in the route's path (a coordinator of this
// program coordinates every demo program the table's paths use);
// "another" program is the law faculty's, "another unit" the law faculty
// (none of the programs in the paths belongs to it).
var tableRoles = []string{
	"anonymous", "student", "mentor", "coordinator", "coordinator-other", "leader-other",
	"researcher", "admin-other", "admin", "national",
}

// routeTable is the expected answer of every registered route for each role
// of tableRoles, in that order: a status code, or "login" for a redirect to
// the login page. A route registered without a row fails the test: add the
// row consciously, after deciding who may use the route. Run the test with
// MENTORHUB_ROUTE_TABLE=print to see every row as the server answers now.
//
// Paths are filled with the demo's ids (see fillPath). State-changing
// requests carry the session's CSRF token (pages) or the role's API token,
// and a valid form where the handler reads the form before it asks who may
// (see formFor and uploads), else an empty one: a role let in is served
// (2xx/303) or refused as invalid (422), a role kept out gets 401/403/404 or
// the login page. A refused request (4xx or the login page) must change
// nothing in the database.
var routeTable = map[string]string{
	// Operations.
	"GET /healthz": "200 200 200 200 200 200 200 200 200 200",
	"GET /readyz":  "200 200 200 200 200 200 200 200 200 200",
	// the test client is on loopback; remote clients are tested apart
	"GET /metrics":              "200 200 200 200 200 200 200 200 200 200",
	"GET /static/{hash}/{name}": "200 200 200 200 200 200 200 200 200 200",
	"GET /favicon.ico":          "200 200 200 200 200 200 200 200 200 200",
	// Pages.
	"GET /{$}":   "200 200 200 200 200 200 200 200 200 200",
	"GET /login": "200 303 303 303 303 303 303 303 303 303",
	// an empty form: a failed login, whoever asks
	"POST /login":  "401 401 401 401 401 401 401 401 401 401",
	"POST /logout": "303 303 303 303 303 303 303 303 303 303",
	// no OpenID provider configured
	"GET /auth/oidc/login":    "404 404 404 404 404 404 404 404 404 404",
	"GET /auth/oidc/callback": "404 404 404 404 404 404 404 404 404 404",
	"POST /lang":              "303 303 303 303 303 303 303 303 303 303",
	"GET /admin":              "login 403 403 403 403 403 403 200 200 200",
	"POST /admin/units":       "401 403 403 403 403 403 403 422 422 422",
	"POST /admin/programmes":  "401 403 403 403 403 403 403 422 422 422",
	"POST /admin/cohorts":     "401 403 403 403 403 403 403 422 422 422",
	"POST /admin/users":       "401 403 403 403 403 403 403 422 422 422",
	// the account is looked up (and hidden) first
	"POST /admin/users/{id}/grants":                "404 404 404 404 404 404 404 404 422 422",
	"POST /admin/users/{id}/grants/{grant}/delete": "404 404 404 404 404 404 404 404 303 303",
	"GET /admin/audit":                             "login 403 403 403 403 403 403 200 200 200",
	// L4: one account's page, its disabling and its API tokens
	"GET /admin/users/{id}":                        "404 404 404 404 404 404 404 404 200 200",
	"POST /admin/users/{id}/disable":               "404 404 404 404 404 404 404 404 303 303",
	"POST /admin/users/{id}/enable":                "404 404 404 404 404 404 404 404 303 303",
	"POST /admin/users/{id}/tokens/{token}/revoke": "404 404 404 404 404 404 404 404 303 303",
	"GET /admin/institutions":                      "login 403 403 403 403 403 403 403 403 200",
	"POST /admin/institutions":                     "401 403 403 403 403 403 403 403 403 422",
	// the job queue is the installation's: national admins only
	"GET /admin/jobs": "login 403 403 403 403 403 403 403 403 200",
	// the institution's support services: its admins (each their own)
	"GET /admin/services":              "login 403 403 403 403 403 403 200 200 200",
	"POST /admin/services":             "401 403 403 403 403 403 403 422 422 422",
	"POST /admin/services/{id}/retire": "401 403 403 403 403 403 403 404 303 303",
	"POST /admin/jobs/retry":           "401 403 403 403 403 403 403 403 403 422",
	// the institution's own training modules: its admins (each their own);
	// an empty module is invalid
	"GET /admin/training-modules":  "login 403 403 403 403 403 403 200 200 200",
	"POST /admin/training-modules": "401 403 403 403 403 403 403 422 422 422",
	// The public catalogue and the program pages.
	"GET /catalogue":        "200 200 200 200 200 200 200 200 200 200",
	"GET /catalogue.csv":    "200 200 200 200 200 200 200 200 200 200",
	"GET /catalogue.json":   "200 200 200 200 200 200 200 200 200 200",
	"GET /catalogue/{code}": "200 200 200 200 200 200 200 200 200 200",
	"GET /examples":         "200 200 200 200 200 200 200 200 200 200",
	"GET /glossary":         "200 200 200 200 200 200 200 200 200 200",
	"GET /programs":         "login 200 200 200 200 200 200 200 200 200",
	"GET /programs/new":     "login 403 403 200 200 403 403 200 200 200",
	"POST /programs":        "401 403 403 303 303 403 403 303 303 303",
	// those who may read but not edit are sent to the catalogue page
	"GET /programs/{id}":                "404 404 303 200 404 404 303 404 200 200",
	"POST /programs/{id}":               "404 404 403 303 404 404 403 404 303 303",
	"POST /programs/{id}/publish":       "404 404 403 303 404 404 403 404 303 303",
	"GET /programs/{id}/people":         "login 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/people":        "401 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/people/upload": "401 404 403 200 404 404 403 404 200 200",
	// an upload is its uploader's
	"POST /programs/{id}/people/drafts/{draft}/preview": "401 404 404 200 404 404 403 404 404 404",
	"POST /programs/{id}/people/drafts/{draft}/commit":  "401 404 404 303 404 404 403 404 404 404",
	"POST /programs/{id}/people/drafts/{draft}/discard": "401 404 404 303 404 404 403 404 404 404",
	"POST /programs/{id}/mentors/{pid}/chief":           "401 404 403 303 404 404 403 404 303 303",
	"POST /programs/{id}/signup":                        "401 404 403 303 404 404 403 404 303 303",
	"GET /programs/{id}/groups":                         "login 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/years":                         "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/groups/preview":                "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/groups/accept":                 "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/groups/move":                   "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/groups/{gid}/name":             "401 404 403 303 404 404 403 404 303 303",
	"GET /programs/{id}/export/{format}":                "login 404 403 200 404 404 403 404 200 200",
	"GET /programs/{id}/applications":                   "login 404 404 200 404 404 403 404 200 200",
	"POST /programs/{id}/applications/select":           "401 404 404 303 404 404 403 404 303 303",
	"POST /programs/{id}/applications/match":            "401 404 404 200 404 404 403 404 200 200",
	"POST /me/participations/{pid}/opt-out":             "401 303 404 404 404 404 404 404 404 404",
	"POST /me/participations/{pid}/opt-in":              "401 303 404 404 404 404 404 404 404 404",
	// Sign-up and mentee applications are for the institution's students only.
	"GET /me/programs/{id}/signup":  "login 200 404 404 404 404 404 404 404 404",
	"POST /me/programs/{id}/signup": "401 303 404 404 404 404 404 404 404 404",
	"GET /me/programs/{id}/apply":   "login 200 404 404 404 404 404 404 404 404",
	"POST /me/programs/{id}/apply":  "401 303 404 404 404 404 404 404 404 404",
	// the student's own application, made by the row above
	"POST /me/programs/{id}/apply/withdraw": "401 303 404 404 404 404 404 404 404 404",
	// a leader of another unit gets 200 with that unit's figures only (TestAFacultyLeadersOverviewStaysInTheirFaculty)
	"GET /overview": "login 403 403 403 403 200 200 200 200 200",
	// a person's calendar feed: the secret in the path is the only
	// credential, whoever asks (an unknown or revoked one is 404:
	// TestCalendarFeedNeedsTheSecret)
	"GET /ical/{file}": "200 200 200 200 200 200 200 200 200 200",
	// Sessions (pages): My groups is the mentors'; a session is its group's
	// mentors' and its program's coordinators' (admins'); My mentor
	// program and checking in with the code are the students'; the public
	// check-in takes anyone (an empty form: refused as invalid).
	"GET /me/sessions":              "login 403 200 403 403 403 403 403 403 403",
	"GET /sessions/{id}":            "login 404 200 200 404 404 404 404 200 200",
	"POST /sessions/{id}/checkins":  "401 404 303 303 404 404 404 404 303 303",
	"POST /programs/{id}/followups": "401 403 303 303 404 404 403 404 303 303",
	"GET /me/program":               "login 200 403 403 403 403 403 403 403 403",
	"POST /me/checkin":              "401 422 403 403 403 403 403 403 403 403",
	"GET /checkin":                  "200 200 200 200 200 200 200 200 200 200",
	"POST /checkin":                 "422 422 422 422 422 422 422 422 422 422",
	"GET /admin/import":             "login 403 403 403 403 403 403 200 200 200",
	// Attendance (issue 12): the report is the coordinators' and admins'
	// (every group) and the mentors' (their own groups); students get 403.
	"GET /programs/{id}/attendance":              "login 403 200 200 404 404 403 404 200 200",
	"GET /programs/{id}/attendance.csv":          "login 403 200 200 404 404 403 404 200 200",
	"POST /programs/{id}/attendance/requirement": "401 403 403 303 404 404 403 404 303 303",
	// anyone's own record (an account without a person: national admin)
	"GET /me/training": "login 200 200 200 200 200 200 200 200 200",
	// a mentor's own month (nobody else is this program year's mentor here)
	"GET /me/programs/{id}/timesheet":  "login 403 200 404 404 404 403 404 404 404",
	"POST /me/programs/{id}/timesheet": "401 403 422 404 404 404 403 404 404 404",
	"GET /programs/{id}/pay":           "login 404 403 200 404 404 403 404 200 200",
	// no hourly rate: invalid
	"POST /programs/{id}/pay/rates": "401 404 403 422 404 404 403 404 422 422",
	// no timesheet named: none found
	"POST /programs/{id}/pay/decide":          "401 404 403 404 404 404 403 404 404 404",
	"GET /programs/{id}/pay/payroll/{format}": "login 404 403 200 404 404 403 404 200 200",
	"GET /programs/{id}/costs":                "login 404 403 200 404 404 403 404 200 200",
	// an empty form is a plan of nothing
	"POST /programs/{id}/costs/plan": "401 404 403 303 404 404 403 404 303 303",
	// anyone of the institution signs up for its training events
	"POST /me/training/events/{event}/signup":   "401 303 303 303 303 303 303 404 303 303",
	"POST /me/training/checkin":                 "401 422 422 422 422 422 422 422 422 422",
	"POST /me/training/events/{event}/withdraw": "401 409 409 409 409 409 409 404 409 409",
	// an empty form: invalid
	"POST /programs/{id}/training/events": "401 404 403 422 404 404 403 404 422 422",
	// no status: invalid
	"POST /programs/{id}/training/events/{event}/mark":   "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/training/events/{event}/cancel": "401 404 403 409 404 404 403 404 409 409",
	// no pair named: none found
	"POST /programs/{id}/training/pairs": "401 404 403 404 404 404 403 404 404 404",
	// an empty form: invalid
	"POST /programs/{id}/training/meetings": "401 404 403 422 404 404 403 404 422 422",
	// an open posting's page and form need no login; an empty form is invalid
	"GET /recruit/{id}":  "200 200 200 200 200 200 200 200 200 200",
	"POST /recruit/{id}": "422 422 422 422 422 422 422 422 422 422",
	// an offer's link needs no login: the secret is the key; none here
	"GET /recruit/offer/{token}":           "404 404 404 404 404 404 404 404 404 404",
	"POST /recruit/offer/{token}":          "404 404 404 404 404 404 404 404 404 404",
	"GET /programs/{id}/recruit":           "login 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/recruit/postings": "401 404 403 422 404 404 403 404 422 422",
	// no application named: none found
	"POST /programs/{id}/recruit/act": "401 404 403 404 404 404 403 404 404 404",
	// a fresh application with a CV, the coordinators' to read
	"GET /programs/{id}/recruit/cv/{application}": "login 404 403 200 404 404 403 404 200 200",
	"GET /programs/{id}/training":                 "login 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/training/requirement":    "401 404 403 303 404 404 403 404 303 303",
	// no mentor named: none found
	"POST /programs/{id}/training/override": "401 404 403 404 404 404 403 404 404 404",
	// no file: invalid
	"POST /programs/{id}/training/completions": "401 404 403 422 404 404 403 404 422 422",
	// as the overview: leaders and admins, their programs' figures only
	"GET /overview/attendance": "login 403 403 403 403 200 200 200 200 200",
	// another institution's admin: its rows are refused as invalid, nothing imported
	"POST /admin/import/catalogue":   "401 403 403 403 403 403 403 422 200 200",
	"POST /admin/import/populations": "401 403 403 403 403 403 403 422 200 200",
	// API (Bearer tokens; a session cookie is no credential there).
	"GET /api/v1/openapi.json":                 "200 200 200 200 200 200 200 200 200 200",
	"GET /api/v1/me":                           "401 200 200 200 200 200 200 200 200 200",
	"GET /api/v1/institutions":                 "401 200 200 200 200 200 200 200 200 200",
	"GET /api/v1/institutions/{id}":            "401 200 200 200 200 200 200 404 200 200",
	"GET /api/v1/institutions/{id}/units":      "401 200 200 200 200 200 200 404 200 200",
	"GET /api/v1/institutions/{id}/programmes": "401 200 200 200 200 200 200 404 200 200",
	"GET /api/v1/institutions/{id}/coverage":   "401 403 403 403 403 200 200 404 200 200",
	"GET /api/v1/programs":                     "401 200 200 200 200 200 200 200 200 200",
	"POST /api/v1/programs":                    "401 403 403 422 422 403 403 422 422 422",
	"GET /api/v1/programs/{id}":                "401 404 200 200 404 404 200 404 200 200",
	"PATCH /api/v1/programs/{id}":              "401 404 403 200 404 404 403 404 200 200",
	"GET /api/v1/programs/{id}/history":        "401 404 200 200 404 404 200 404 200 200",
	"GET /api/v1/programs/{id}/students":       "401 404 403 200 404 404 403 404 200 200",
	"PUT /api/v1/programs/{id}/students":       "401 404 403 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/mentors":        "401 404 403 200 404 404 403 404 200 200",
	"PUT /api/v1/programs/{id}/mentors":        "401 404 403 422 404 404 403 404 422 422",
	"POST /api/v1/programs/{id}/allocations":   "401 404 403 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/groups":         "401 404 403 200 404 404 403 404 200 200",
	"GET /api/v1/programs/{id}/years":          "401 404 403 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/years":         "401 404 403 422 404 404 403 404 422 422",
	// Sessions: managers (the program's coordinators, its institution's
	// admins) plan and change them; the program year's mentors and
	// students see their groups' sessions and the plenaries; mentors take
	// check-ins and follow up. Someone else of the institution who may see
	// the program gets 403, the rest 404.
	"GET /api/v1/programs/{id}/sessions":   "401 200 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/sessions":  "401 403 403 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/followups":  "401 403 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/followups": "401 403 422 422 404 404 403 404 422 422",
	// an empty body names no student; a student may not send it at all
	"POST /api/v1/programs/{id}/followups/missed-you": "401 403 422 422 404 404 403 404 422 422",
	// coordinators: the welcome to every student and the record of messages
	"POST /api/v1/programs/{id}/welcome": "401 403 403 202 404 404 403 404 202 202",
	"GET /api/v1/programs/{id}/messages": "401 403 403 200 404 404 403 404 200 200",
	// an empty plan names no template
	"POST /api/v1/programs/{id}/plans": "401 403 403 422 404 404 403 404 422 422",
	// the Sessions tab: coordinators and admins of the program
	"GET /programs/{id}/sessions":                      "login 404 403 200 404 404 403 404 200 200",
	"POST /programs/{id}/sessions":                     "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/sessions/plan":                "401 404 403 422 404 404 403 404 422 422",
	"POST /programs/{id}/sessions/welcome":             "401 404 403 303 404 404 403 404 303 303",
	"POST /programs/{id}/sessions/{sid}/cancel":        "401 404 403 303 404 404 403 404 303 303",
	"PUT /api/v1/programs/{id}/attendance-requirement": "401 403 403 200 404 404 403 404 200 200",
	// a session of the demo mentor's group (not the demo student's): a
	// session someone cannot reach is not found
	"GET /api/v1/sessions/{id}":            "401 404 200 200 404 404 404 404 200 200",
	"PATCH /api/v1/sessions/{id}":          "401 404 403 200 404 404 404 404 200 200",
	"POST /api/v1/sessions/{id}/cancel":    "401 404 403 200 404 404 404 404 200 200",
	"POST /api/v1/sessions/{id}/checkins":  "401 404 422 422 404 404 404 404 422 422",
	"GET /api/v1/sessions/{id}/attendance": "401 404 200 200 404 404 404 404 200 200",
	// the demo student's calendar address: herself, or a manager of a
	// program she takes part in
	"GET /api/v1/people/{id}/calendar":  "401 200 404 200 404 404 404 404 200 200",
	"POST /api/v1/people/{id}/calendar": "401 200 404 200 404 404 404 404 200 200",
	"GET /api/v1/audit":                 "401 403 403 403 403 403 403 200 200 200",
	"/api/":                             "401 404 404 404 404 404 404 404 404 404",
	// any other path: a 404 page in the layout
	"/": "404 404 404 404 404 404 404 404 404 404",

	// Desks, the feedback queue, talks and office hours: anyone taking part
	// in the program year reads desks, shifts and office hours; students
	// check in, submit texts and book; mentors keep the visitor log (their
	// desk's), claim and return texts, record talks and publish office
	// hours; coordinators (and admins, national) make desks and rotas,
	// reassign duties, read pay counts and record reflection notes, but do
	// not claim texts (only a mentor's work is paid). Another program's
	// coordinator, a leader elsewhere and the other institution see none
	// of it; a researcher may see the program but no desk object (404).
	// A student's check-in is 201; a mentor's count without visitors 422.
	// Cancelling: the student their booking, the mentor the slot, then no
	// change. The page of it all, /me/programs/{id}/desk, is for the same
	// people; its one form route needs an action (422 without).
	"GET /me/programs/{id}/desk":                 "login 200 200 200 404 404 403 404 200 200",
	"POST /me/programs/{id}/desk":                "401 422 422 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/desks":            "401 200 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/desks":           "401 403 403 422 404 404 403 404 422 422",
	"POST /api/v1/desks/{id}/rota":               "401 403 403 422 404 404 404 404 422 422",
	"GET /api/v1/desks/{id}/shifts":              "401 200 200 200 404 404 404 404 200 200",
	"POST /api/v1/shifts/{id}/swap":              "401 403 422 422 404 404 404 404 422 422",
	"GET /api/v1/shifts/{id}/visits":             "401 403 200 200 404 404 404 404 200 200",
	"POST /api/v1/shifts/{id}/visits":            "401 201 422 422 404 404 404 404 422 422",
	"GET /api/v1/programs/{id}/feedback":         "401 200 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/feedback":        "401 422 403 403 404 404 403 404 403 403",
	"POST /api/v1/feedback/{id}/claim":           "401 403 200 403 404 404 404 404 403 403",
	"POST /api/v1/feedback/{id}/return":          "401 403 422 403 404 404 404 404 403 403",
	"GET /api/v1/programs/{id}/feedback-counts":  "401 403 403 200 404 404 403 404 200 200",
	"GET /api/v1/programs/{id}/talks":            "401 200 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/talks":           "401 403 422 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/reflection-notes": "401 200 200 200 404 404 403 404 200 200",
	"PUT /api/v1/programs/{id}/reflection-notes": "401 403 403 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/office-hours":     "401 200 200 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/office-hours":    "401 403 422 422 404 404 403 404 422 422",
	"POST /api/v1/office-hours/{id}/book":        "401 200 403 403 404 404 404 404 403 403",
	"POST /api/v1/office-hours/{id}/cancel":      "401 200 200 200 404 404 404 404 200 200",
	// Training records (training_test.go).
	"GET /api/v1/training/modules": "401 200 200 200 200 200 200 200 200 200",
	// the institution's admins add modules; an empty module is invalid
	"POST /api/v1/training/modules": "401 403 403 403 403 403 403 422 422 422",
	// admins and coordinators (of their programs' people); an empty file is invalid
	"PUT /api/v1/training/completions": "401 403 403 422 422 403 403 422 422 422",
	// the demo student: themself, the pilot's coordinator, their institution's admins
	// Training events are the institution's: anyone of it sees them and may
	// sign up (a student who wants to become a mentor too); admins and
	// coordinators plan them and mark who came.
	"GET /api/v1/training/events":                    "401 200 200 200 200 200 200 200 200 200",
	"POST /api/v1/training/events":                   "401 403 403 422 422 403 403 422 422 422",
	"POST /api/v1/training/events/{id}/signup":       "401 200 200 200 200 200 200 404 200 200",
	"GET /api/v1/training/events/{id}/roster":        "401 403 403 200 200 403 403 404 200 200",
	"POST /api/v1/training/events/{id}/attendance":   "401 403 403 422 422 403 403 404 422 422",
	"GET /api/v1/people/{id}/training":               "401 200 404 200 404 404 404 404 200 200",
	"GET /api/v1/programs/{id}/training-requirement": "401 404 403 200 404 404 403 404 200 200",
	"PUT /api/v1/programs/{id}/training-requirement": "401 404 403 422 404 404 403 404 422 422",
	"POST /api/v1/programs/{id}/training-overrides":  "401 404 403 422 404 404 403 404 422 422",
	// Hours and pay (payroll_test.go in internal/payroll; payroll_api_test.go).
	"GET /api/v1/programs/{id}/rates": "401 403 200 200 404 404 403 404 200 200",
	// no hourly rate: invalid
	"PUT /api/v1/programs/{id}/rates":      "401 403 403 422 404 404 403 404 422 422",
	"GET /api/v1/programs/{id}/timesheets": "401 403 200 200 404 404 403 404 200 200",
	// no mentor, month or lines: invalid (a mentor for themself, a coordinator for any)
	"POST /api/v1/programs/{id}/timesheets": "401 403 422 422 404 404 403 404 422 422",
	// a fresh submitted timesheet of the pilot each call
	"POST /api/v1/timesheets/{id}/approve": "401 403 403 200 404 404 404 404 200 200",
	// no comment: invalid
	"POST /api/v1/timesheets/{id}/return": "401 403 403 422 404 404 404 404 422 422",
	// no month: invalid
	"GET /api/v1/programs/{id}/costs": "401 403 403 200 404 404 403 404 200 200",
	"PUT /api/v1/programs/{id}/costs": "401 403 403 200 404 404 403 404 200 200",
	// Recruiting: coordinators post and decide; an open posting is public
	// (the page /recruit/{id} needs no login) and anyone applies to it.
	"GET /api/v1/programs/{id}/postings":  "401 403 403 200 404 404 403 404 200 200",
	"POST /api/v1/programs/{id}/postings": "401 403 403 422 404 404 403 404 422 422",
	"GET /api/v1/postings/{id}":           "401 200 200 200 200 200 200 200 200 200",
	// an empty application: invalid
	"POST /api/v1/postings/{id}/applications": "401 422 422 422 422 422 422 422 422 422",
	"GET /api/v1/postings/{id}/applications":  "401 403 403 200 404 404 403 404 200 200",
	"POST /api/v1/applications/{id}/reviews":  "401 403 403 422 404 404 403 404 422 422",
	"POST /api/v1/applications/{id}/decision": "401 403 403 422 404 404 403 404 422 422",
	// a fresh accepted application each call
	"POST /api/v1/applications/{id}/hire": "401 403 403 200 404 404 403 404 200 200",
	"GET /api/v1/programs/{id}/payroll":   "401 403 403 422 404 404 403 404 422 422",
}

// tableSession is one role's way in: a browser session (with a spare
// session of the same account, for logging out and for another session's
// CSRF token) and an API token.
type tableSession struct {
	role            string
	email           string
	client, spare   *http.Client
	csrf, spareCSRF string
	token           string
}

// tableEnv is the demo plus the accounts the table needs beyond it.
type tableEnv struct {
	*env
	sys, coord              context.Context // the system; the coordinator of this program
	uib, hvl                int64
	nService                int // support services made so far (for unique names)
	pilot, signup, alumni   program.Program
	optIn                   program.Program // an opt-in program for the demo student's own programme
	lawProg, hvlProg        program.Program
	lawUnit                 int64
	studentPart, mentorPart int64 // the demo student's and mentor's participations in the pilot
	otherStudentPart        int64 // another pilot student's participation
	alumniMentorPart        int64 // a mentor of the alumni program
	// Sessions: of the demo mentor's group in the pilot (the {id} under
	// /api/v1/sessions/), of another group of the pilot, and plenaries of
	// the law program and of HVL's program (for the IDOR cases).
	mentorGroup                int64
	session, otherGroupSession int64
	lawSession, hvlSession     int64
	mentorSession              int64           // a session of the demo mentor's group today (pages)
	mentorStudent              string          // a student of the demo mentor's group
	studentCtx                 context.Context // the demo student, for her calendar secret
	target, hvlTarget          int64           // accounts whose grants the admin routes change
	staticPath                 string
	dirty                      bool                // the database changed since last
	last                       map[string][32]byte // the last fingerprint taken
	sessions                   map[string]*tableSession
}

func newTableEnv(t *testing.T) *tableEnv {
	t.Helper()
	e := &tableEnv{env: newEnv(t), sys: app.WithActor(context.Background(), app.SystemActor), sessions: map[string]*tableSession{}}
	e.uib, e.hvl = e.demo.Institution.ID, e.demo.Other.ID
	e.pilot = e.demo.Programs["uib-mn-pilot"]
	e.signup = e.demo.Programs["uib-hf-signup"]
	e.alumni = e.demo.Programs["uib-alumni"]
	e.lawProg = e.demo.Programs["uib-jus-agl"]
	var err error
	// The demo's opt-in group program is for humanities students; the demo
	// student studies biology, and signs up only for a program of her own
	// programme.
	if e.optIn, err = e.app.Programs.Create(e.sys, program.Program{InstitutionID: e.uib, Code: "uib-mn-kollokvie",
		Name: "Kollokviegrupper med mentor", Level: "faculty", Transition: "first_year", Model: "self_signup_group",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_in", Started: 2026, Status: "active", Public: true,
		Served: []program.Served{{ProgrammeCode: "BAMN-BIO"}}}); err != nil {
		t.Fatal(err)
	}
	if e.hvlProg, err = e.app.Programs.ByCode(e.sys, e.hvl, "hvl-nurse-mentor"); err != nil {
		t.Fatal(err)
	}
	units, err := e.app.Org.Units(e.sys, e.uib)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Code == "JUS" {
			e.lawUnit = u.ID
		}
	}
	if e.lawUnit == 0 {
		t.Fatal("no law faculty in the demo")
	}
	part := func(prog int64, role, ext string) int64 {
		ps, err := e.app.People.Participants(e.sys, prog, role)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.ExternalID == ext {
				return p.ID
			}
		}
		t.Fatalf("no %s %s in program %d", role, ext, prog)
		return 0
	}
	e.studentPart = part(e.pilot.ID, people.Student, "100001")
	e.otherStudentPart = part(e.pilot.ID, people.Student, "100002")
	e.mentorPart = part(e.pilot.ID, people.Mentor, "90001")
	e.alumniMentorPart = part(e.alumni.ID, people.Mentor, "alum-01")
	e.planSessions(t)

	gs, err := e.app.People.Groups(e.sys, e.pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Another group: neither the demo mentor's nor the demo student's.
	var otherGroup int64
	for _, g := range gs {
		mentors := slices.ContainsFunc(g.Mentors, func(m people.Member) bool { return m.ID == "90001" })
		student := slices.ContainsFunc(g.Students, func(m people.Member) bool { return m.ID == "100001" })
		switch {
		case mentors && e.mentorGroup == 0:
			e.mentorGroup = g.ID
		case !mentors && !student && otherGroup == 0:
			otherGroup = g.ID
		}
	}
	if e.mentorGroup == 0 || otherGroup == 0 {
		t.Fatalf("no group of the demo mentor and another in the pilot: %d %d", e.mentorGroup, otherGroup)
	}
	e.session = e.newSession(t, e.pilot.ID, e.mentorGroup)
	e.otherGroupSession = e.newSession(t, e.pilot.ID, otherGroup)
	e.lawSession = e.newSession(t, e.lawProg.ID, 0)
	e.hvlSession = e.newSession(t, e.hvlProg.ID, 0)

	// The accounts the demo lacks: a coordinator of the programs in the
	// paths, one of another program, a leader of another unit, and two
	// accounts (one per institution) whose roles the admin routes change.
	mk := func(inst int64, email string, gs ...app.Grant) int64 {
		for i := range gs {
			gs[i].InstitutionID = inst
		}
		a, err := e.app.Auth.CreateAccount(e.sys, auth.CreateAccountInput{InstitutionID: inst, Email: email, GivenName: "Test",
			FamilyName: email, Password: demo.Password, Grants: gs})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	mk(e.uib, "coord.this@test.example", app.Grant{Role: app.RoleCoordinator, ProgramID: e.pilot.ID},
		app.Grant{Role: app.RoleCoordinator, ProgramID: e.signup.ID}, app.Grant{Role: app.RoleCoordinator, ProgramID: e.alumni.ID})
	mk(e.uib, "coord.other@test.example", app.Grant{Role: app.RoleCoordinator, ProgramID: e.lawProg.ID})
	mk(e.uib, "leader.law@test.example", app.Grant{Role: app.RoleLeader, UnitID: e.lawUnit})
	e.target = mk(e.uib, "target@test.example", app.Grant{Role: app.RoleResearcher})
	e.hvlTarget = mk(e.hvl, "target@hvl.test.example", app.Grant{Role: app.RoleResearcher})

	_, coord, err := e.app.Auth.Login(context.Background(), "coord.this@test.example", demo.Password, "setup")
	if err != nil {
		t.Fatal(err)
	}
	e.coord = app.WithActor(context.Background(), coord)
	_, stud, err := e.app.Auth.Login(context.Background(), "student@demo.mentorhub.no", demo.Password, "setup")
	if err != nil {
		t.Fatal(err)
	}
	e.studentCtx = app.WithActor(context.Background(), stud)
	// The demo mentor's calendar secret, made as "My groups" makes it on
	// the first visit (a page that writes once, before the table runs).
	_, ment, err := e.app.Auth.Login(context.Background(), "mentor@demo.mentorhub.no", demo.Password, "setup")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Sessions.MySecret(app.WithActor(context.Background(), ment)); err != nil {
		t.Fatal(err)
	}

	_, b := e.api(t, "", "/login")
	m := regexp.MustCompile(`/static/[0-9a-f]{12}/app\.css`).FindString(b)
	if m == "" {
		t.Fatal("no hashed stylesheet on the login page")
	}
	e.staticPath = m

	emails := map[string]string{
		"student": "student@demo.mentorhub.no", "mentor": "mentor@demo.mentorhub.no",
		"coordinator": "coord.this@test.example", "coordinator-other": "coord.other@test.example",
		"leader-other": "leader.law@test.example", "researcher": "researcher@demo.mentorhub.no",
		"admin-other": "admin@hvl.demo.mentorhub.no", "admin": "admin@demo.mentorhub.no", "national": "national@demo.mentorhub.no",
	}
	for _, role := range tableRoles {
		s := &tableSession{role: role, client: e.client(t), spare: e.client(t)}
		if email := emails[role]; email != "" {
			s.email = email
			s.csrf = e.login(t, s.client, email)
			s.spareCSRF = e.login(t, s.spare, email)
			s.token = e.token(t, email)
		}
		e.sessions[role] = s
	}
	return e
}

// groupOf returns the id of a group of the program now (an allocation
// replaces groups).
func (e *tableEnv) groupOf(t *testing.T, prog int64) int64 {
	t.Helper()
	gs, err := e.app.People.Groups(e.sys, prog)
	if err != nil || len(gs) == 0 {
		t.Fatalf("groups of %d: %v", prog, err)
	}
	return gs[0].ID
}

// newSession plans a session of the program's current year a month ahead,
// for group (0: a plenary).
// newService adds a support service to an institution's directory.
func (e *tableEnv) newService(t *testing.T, inst int64) int64 {
	t.Helper()
	e.dirty = true
	e.nService++
	id, err := e.app.Repos.Sessions.SaveService(context.Background(), sessions.SupportService{InstitutionID: inst,
		Name: fmt.Sprintf("Studentrådgivningen %d", e.nService)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *tableEnv) newSession(t *testing.T, prog, group int64) int64 {
	t.Helper()
	e.dirty = true
	start := time.Date(2026, 9, 9, 12, 15, 0, 0, sessions.Oslo())
	se, err := e.app.Sessions.Create(e.sys, prog, sessions.Draft{GroupID: group, Title: "Studieteknikk", Location: "Realfagbygget",
		StartsAt: start, EndsAt: start.Add(90 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return se.ID
}

// calendarFile is the demo student's calendar feed as /ical/ names it
// (her secret now: a route may have revoked the last one).
func (e *tableEnv) calendarFile(t *testing.T) string {
	t.Helper()
	e.dirty = true // the first call makes her secret
	secret, err := e.app.Sessions.MySecret(e.studentCtx)
	if err != nil {
		t.Fatal(err)
	}
	return secret + ".ics"
}

// planSessions plans, as the system, today's session of the demo mentor's
// group, one of another group and a plenary of another program.
func (e *tableEnv) planSessions(t *testing.T) {
	t.Helper()
	gs, err := e.app.People.Groups(e.sys, e.pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mine, other int64
	for _, g := range gs {
		if slices.ContainsFunc(g.Mentors, func(m people.Member) bool { return m.ID == "90001" }) {
			if mine == 0 && len(g.Students) > 0 {
				mine, e.mentorStudent = g.ID, g.Students[0].ID
			}
		} else if other == 0 {
			other = g.ID
		}
	}
	if mine == 0 || other == 0 {
		t.Fatal("no group of the demo mentor's and another in the pilot")
	}
	mk := func(prog, group int64) int64 {
		s, err := e.app.Sessions.Create(e.sys, prog, sessions.Draft{GroupID: group, Title: "Route table", Location: "Here",
			StartsAt: testutil.Epoch.Add(2 * time.Hour), EndsAt: testutil.Epoch.Add(3 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	e.mentorSession, e.otherGroupSession, e.lawSession = mk(e.pilot.ID, mine), mk(e.pilot.ID, other), mk(e.lawProg.ID, 0)
}

// newDraft saves a fresh upload for the program (one per call: the routes
// that use one consume it).
func (e *tableEnv) newDraft(t *testing.T, prog int64) int64 {
	t.Helper()
	data := "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"table-1,Tab,Le,table1@example.no,BAHF-NORD,2026H\n"
	e.dirty = true
	id, err := e.app.People.SaveDraft(e.coord, prog, "students", "t.csv", []byte(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// leaderGrant returns the id of the account's leader grant, giving it one
// first if a route has revoked it.
func (e *tableEnv) leaderGrant(t *testing.T, acct int64) int64 {
	t.Helper()
	for range 2 {
		a, err := e.app.Auth.Account(e.sys, acct)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range a.Grants {
			if g.Role == app.RoleLeader {
				return g.ID
			}
		}
		e.dirty = true
		if err := e.app.Auth.GrantRole(e.sys, acct, app.Grant{Role: app.RoleLeader}); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("no leader grant")
	return 0
}

// activeToken returns the id of an API token of the account that is not
// revoked, issuing one first if a route has revoked them all.
func (e *tableEnv) activeToken(t *testing.T, email string) int64 {
	t.Helper()
	_, ts, err := e.app.Auth.TokensByEmail(e.sys, email)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ts {
		if !tk.Revoked() {
			return tk.ID
		}
	}
	e.dirty = true
	_, tk, err := e.app.Auth.IssueTokenFor(e.sys, auth.TokenRequest{Email: email})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

var paramRE = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// fillPath turns a route pattern into a method and a path with the demo's
// ids: the objects of "this program" (the pilot, or the program of the
// route's kind: an opt-in program for sign-up, a one-to-one program for
// applications, the sign-up program for uploads, whose roster nothing else
// reads) and of the admin's institution. over replaces parameters.
func (e *tableEnv) fillPath(t *testing.T, pattern string, over map[string]string) (method, path string) {
	t.Helper()
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	path = strings.TrimSuffix(path, "{$}")
	switch pattern {
	case "/api/":
		path = "/api/v1/no-such-endpoint"
	case "/":
		path = "/no-such-page"
	}
	prog := e.pilot.ID
	switch {
	case strings.Contains(path, "/applications") || strings.HasPrefix(path, "/me/programs/{id}/apply"):
		prog = e.alumni.ID
	case strings.HasPrefix(path, "/me/programs/{id}/signup"):
		prog = e.optIn.ID
	case strings.Contains(path, "/drafts/"):
		prog = e.signup.ID
	}
	path = paramRE.ReplaceAllStringFunc(path, func(m string) string {
		name := paramRE.FindStringSubmatch(m)[1]
		if v, ok := over[name]; ok {
			return v
		}
		switch name {
		case "id":
			switch {
			case strings.HasPrefix(path, "/api/v1/institutions/"):
				return fmt.Sprint(e.uib)
			case strings.HasPrefix(pattern, "POST /api/v1/sessions/{id}/cancel"):
				// a fresh one per call: a cancelled session takes no check-ins
				return fmt.Sprint(e.newSession(t, e.pilot.ID, e.mentorGroup))
			case strings.HasPrefix(path, "/api/v1/sessions/"):
				return fmt.Sprint(e.session)
			case isTrainingEventPath(path):
				return e.trainingEventID(t, path)
			case isRecruitPath(path):
				return e.recruitID(t, path, e.pilot.ID)
			case isTimesheetPath(path):
				// a fresh one per call: a decided timesheet is decided
				return fmt.Sprint(e.newTimesheet(t, e.pilot.ID))
			case strings.HasPrefix(path, "/api/v1/people/"):
				return "100001" // the demo student, by student number
			case strings.HasPrefix(path, "/admin/users/"):
				return fmt.Sprint(e.target)
			case strings.HasPrefix(path, "/admin/services/"):
				return fmt.Sprint(e.newService(t, e.uib))
			case strings.HasPrefix(path, "/sessions/"):
				return fmt.Sprint(e.mentorSession)
			}
			if v, ok := e.deskPathID(t, path, prog); ok {
				return v
			}
			return fmt.Sprint(prog)
		case "event":
			return e.trainingEventID(t, path)
		case "application":
			return e.cvApplication(t, prog)
		case "sid":
			// a fresh one per call: a cancelled session stays cancelled
			return fmt.Sprint(e.newSession(t, prog, e.mentorGroup))
		case "pid":
			if strings.HasPrefix(path, "/me/") {
				return fmt.Sprint(e.studentPart)
			}
			return fmt.Sprint(e.mentorPart)
		case "gid":
			return fmt.Sprint(e.groupOf(t, prog))
		case "draft":
			return fmt.Sprint(e.newDraft(t, prog))
		case "grant":
			return fmt.Sprint(e.leaderGrant(t, e.target))
		case "token":
			return fmt.Sprint(e.activeToken(t, "target@test.example"))
		case "code":
			return e.pilot.Code
		case "format":
			if strings.Contains(path, "/pay/payroll/") {
				return "csv"
			}
			return "groups.csv"
		case "file":
			return e.calendarFile(t)
		case "hash", "name":
			return m // filled below
		}
		t.Fatalf("%s: no value for {%s}: teach fillPath", pattern, name)
		return ""
	})
	if strings.HasPrefix(path, "/static/") {
		path = e.staticPath
	}
	return method, path
}

// programForm is the edit form of p as the page posts it.
func programForm(p program.Program) url.Values {
	f := url.Values{"name": {p.Name}, "unit_id": {fmt.Sprint(p.UnitID)}, "level": {p.Level}, "transition": {p.Transition},
		"model": {p.Model}, "mentor_kinds": p.MentorKinds, "mandatory": {strconv.FormatBool(p.Mandatory)}, "enrolment": {p.Enrolment},
		"paid": {strconv.FormatBool(p.Paid)}, "group_size": {p.GroupSize}, "started": {strconv.Itoa(p.Started)},
		"end_reason": {p.EndReason}, "status": {p.Status}, "relevance": {p.Relevance}, "funding": {p.Funding}, "url": {p.URL},
		"contact": {p.Contact}, "purpose": {p.Purpose}, "expectations": {p.Expectations}, "how_to_join": {p.HowToJoin},
		"is_example": {strconv.FormatBool(p.IsExample)}, "example_worked": {p.Example.Worked},
		"example_not_worked": {p.Example.NotWorked}, "example_links": {p.Example.Links}, "version": {strconv.Itoa(p.Version)}}
	if p.Credits != nil {
		f.Set("credits", strconv.FormatBool(*p.Credits))
	}
	if p.MentorsPerGroup != nil {
		f.Set("mentors_per_group", strconv.Itoa(*p.MentorsPerGroup))
	}
	if p.StudentsOffered != nil {
		f.Set("students_offered", strconv.Itoa(*p.StudentsOffered))
	}
	if p.Ended != nil {
		f.Set("ended", strconv.Itoa(*p.Ended))
	}
	for i, c := range p.Criteria {
		n := strconv.Itoa(i + 1)
		f.Set("criterion_"+n, strconv.FormatBool(c.Met))
		f.Set("evidence_"+n, c.Evidence)
	}
	var cohorts []string
	for _, sv := range p.Served {
		if !slices.Contains(f["programmes"], sv.ProgrammeCode) {
			f.Add("programmes", sv.ProgrammeCode)
		}
		if sv.Cohort != "" && !slices.Contains(cohorts, sv.Cohort) {
			cohorts = append(cohorts, sv.Cohort)
		}
	}
	f.Set("cohorts", strings.Join(cohorts, " "))
	return f
}

// uploads are the files the upload routes get: valid ones, so that the
// answer is about who uploads, not what.
var uploads = map[string]string{
	"POST /programs/{id}/people/upload": "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"100001,Sara,Student,s100001@student.uib.example.no,BAMN-BIO,2026H\n",
	"POST /admin/import/catalogue": "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n" +
		"uib-table-import,Universitetet i Bergen,faculty,Imported by the route table,first_year,open_dropin,senior_student,false,opt_in,false,2020,active\n",
	"POST /admin/import/populations": "programme_code,programme_name,unit,cohort,students\n" +
		"BAMN-BIO,Bachelor in Biology,MN-BIO,2026H,110\n",
}

// formFor is the form a state-changing page route gets besides the CSRF
// token: a valid one where the handler reads the form before it asks who
// may (so that the answer is about authorization), and one that leaves
// what later rows see as it is (the pilot stays published and unchanged,
// the language stays bokmål).
func (e *tableEnv) formFor(t *testing.T, pattern string) url.Values {
	switch pattern {
	case "POST /programs/{id}/publish":
		return url.Values{"public": {strconv.FormatBool(e.pilot.Public)}}
	case "POST /programs/{id}":
		p, err := e.app.Programs.Get(e.sys, e.pilot.ID)
		if err != nil {
			t.Fatal(err)
		}
		return programForm(p)
	case "POST /programs":
		p := e.pilot
		p.Name, p.UnitID, p.Served = "Created by the route table", 0, nil
		return programForm(p)
	case "POST /lang":
		return url.Values{"lang": {"nb"}, "return": {"/"}}
	case "POST /programs/{id}/groups/{gid}/name":
		return url.Values{"name": {"Named by the route table"}}
	case "POST /me/programs/{id}/signup":
		return url.Values{"programme": {"BAMN-BIO"}, "cohort": {"2026H"}}
	case "POST /sessions/{id}/checkins":
		return url.Values{"student_number": {e.mentorStudent}, "status": {"present"}}
	case "POST /programs/{id}/followups":
		return url.Values{"student_number": {e.mentorStudent}, "action": {"talked"}}
	case "POST /me/programs/{id}/apply":
		return url.Values{"programme": {"BAMN-BIO"}, "cohort": {"2024H"}, "field": {"biology"}, "motivation": {"to learn"}}
	}
	return url.Values{}
}

// call makes one request as role; token is the CSRF token to send ("" for
// none) and client the browser to send it from.
func (e *tableEnv) call(t *testing.T, s *tableSession, client *http.Client, pattern, method, path, token string) *http.Response {
	t.Helper()
	var req *http.Request
	if strings.HasPrefix(path, "/api/") {
		var body *strings.Reader
		if method != "GET" {
			body = strings.NewReader("{}")
		} else {
			body = strings.NewReader("")
		}
		req, _ = http.NewRequest(method, e.srv.URL+path, body)
		if method != "GET" {
			req.Header.Set("Content-Type", "application/json")
		}
		if s.token != "" {
			req.Header.Set("Authorization", "Bearer "+s.token)
		}
		client = http.DefaultClient
	} else if method == "GET" {
		req, _ = http.NewRequest(method, e.srv.URL+path, nil)
	} else {
		form := e.formFor(t, pattern)
		if token != "" {
			form.Set("csrf_token", token)
		}
		if file, ok := uploads[pattern]; ok {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, vs := range form {
				for _, v := range vs {
					mw.WriteField(k, v)
				}
			}
			fw, _ := mw.CreateFormFile("file", "upload.csv")
			fw.Write([]byte(file))
			mw.Close()
			req, _ = http.NewRequest(method, e.srv.URL+path, &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
		} else {
			req, _ = http.NewRequest(method, e.srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	r, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	return r
}

// answer is the table's word for a response.
func answer(r *http.Response) string {
	if r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login") {
		return "login"
	}
	return strconv.Itoa(r.StatusCode)
}

func denial(a string) bool {
	return a == "login" || a == "401" || a == "403" || a == "404"
}

// excludedTables and excludedColumns change on every request (sessions,
// the audit log, a token's last use) or at login; the rest is what a
// request may change.
var (
	excludedTables = map[string]bool{"web_sessions": true, "oidc_flows": true, "login_failures": true, "login_throttle": true,
		"audit_log": true}
	excludedColumns = map[string]bool{"last_used_at": true, "last_login_at": true}
)

// fingerprint hashes every row of every table a request might change.
func fingerprint(t *testing.T, db web.Database) map[string][32]byte {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Engine() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	names, err := queryStrings(db.SQL(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, name := range names {
		if excludedTables[name] || strings.HasPrefix(name, "river_") {
			continue
		}
		rows, err := queryRows(db.SQL(), `SELECT * FROM `+name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sort.Strings(rows)
		out[name] = sha256.Sum256([]byte(strings.Join(rows, "\n")))
	}
	for _, must := range []string{"programs", "participants", "role_grants", "persons"} {
		if _, ok := out[must]; !ok {
			t.Fatalf("the fingerprint misses table %s (it sees %d tables)", must, len(out))
		}
	}
	return out
}

func queryStrings(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func queryRows(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, v := range vals {
			if excludedColumns[cols[i]] {
				continue
			}
			if x, ok := v.([]byte); ok {
				v = string(x)
			}
			fmt.Fprintf(&b, "%v\x1f", v)
		}
		out = append(out, b.String())
	}
	return out, rows.Err()
}

func changedTables(before, after map[string][32]byte) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// state is the database's fingerprint now; it is taken again only when
// something may have changed since the last one.
func (e *tableEnv) state(t *testing.T) map[string][32]byte {
	if e.dirty || e.last == nil {
		e.last, e.dirty = fingerprint(t, e.app.DB), false
	}
	return e.last
}

// try calls a route with the path filled (over replaces parameters) and
// returns the answer and the tables a state-changing request changed.
func (e *tableEnv) try(t *testing.T, s *tableSession, client *http.Client, pattern string, over map[string]string, token string) (string, string, []string) {
	t.Helper()
	method, path := e.fillPath(t, pattern, over)
	if method == "GET" {
		return answer(e.call(t, s, client, pattern, method, path, token)), path, nil
	}
	before := e.state(t)
	a := answer(e.call(t, s, client, pattern, method, path, token))
	e.dirty = true
	if !denial(a) && !strings.HasPrefix(a, "4") {
		return a, path, nil // let in: it may change things
	}
	return a, path, changedTables(before, e.state(t))
}

// TestRouteTable calls every registered route as every role and compares
// the answers with routeTable; then calls every route with an object in
// its path with another program's or institution's object (IDOR), and
// every state-changing page with a missing, a wrong and another session's
// CSRF token. A refused state-changing request must change nothing.
func TestRouteTable(t *testing.T) {
	t.Parallel()
	e := newTableEnv(t)
	routes := e.app.Web.Routes()
	t.Run("roles", func(t *testing.T) {
		for _, api := range e.app.Web.APIRoutes() {
			if !slices.Contains(routes, api) {
				t.Errorf("API route %s is not in Routes()", api)
			}
		}
		for pattern := range routeTable {
			if !slices.Contains(routes, pattern) {
				t.Errorf("routeTable has a row for %q, which is not registered", pattern)
			}
		}
		for _, pattern := range routes {
			row, ok := routeTable[pattern]
			if !ok {
				t.Errorf("route %q has no row in routeTable: decide who may use it and add one", pattern)
				continue
			}
			want := strings.Fields(row)
			if len(want) != len(tableRoles) {
				t.Errorf("%s: the row has %d answers for %d roles", pattern, len(want), len(tableRoles))
				continue
			}
			var got []string
			for i, role := range tableRoles {
				s := e.sessions[role]
				client, token := s.client, s.csrf
				if pattern == "POST /logout" {
					client, token = s.spare, s.spareCSRF
				}
				a, path, changed := e.try(t, s, client, pattern, nil, token)
				got = append(got, a)
				if a != want[i] {
					t.Errorf("%s as %s (%s): %s, want %s", pattern, role, path, a, want[i])
				}
				if len(changed) > 0 && (denial(a) || strings.HasPrefix(a, "4")) {
					t.Errorf("%s as %s was refused (%s) but changed %v", pattern, role, a, changed)
				}
			}
			if !slices.Equal(got, want) || os.Getenv("MENTORHUB_ROUTE_TABLE") == "print" {
				t.Logf("%q: %q,", pattern, strings.Join(got, " "))
			}
		}
	})
	t.Run("idor", func(t *testing.T) {
		for _, pattern := range routes {
			if !hasObjectParam(pattern) {
				continue
			}
			cases := e.idorCases(t, pattern)
			if len(cases) == 0 {
				t.Errorf("%s has an object in its path but no IDOR case: teach idorCases", pattern)
			}
			for _, c := range cases {
				s := e.sessions[c.role]
				a, path, changed := e.try(t, s, s.client, pattern, c.over, s.csrf)
				if a != "403" && a != "404" {
					t.Errorf("IDOR: %s as %s with %s (%s): %s, want 403 or 404", pattern, c.role, c.what, path, a)
				}
				if len(changed) > 0 {
					t.Errorf("IDOR: %s as %s with %s changed %v", pattern, c.role, c.what, changed)
				}
			}
		}
	})
	t.Run("csrf", func(t *testing.T) {
		// A second live session of each account the subtest uses (the
		// spare one may have logged out above).
		second := map[string]string{}
		for _, pattern := range routes {
			method, path, _ := strings.Cut(pattern, " ")
			if safe := method == "GET" || !strings.HasPrefix(path, "/"); safe || strings.HasPrefix(path, "/api/") {
				continue
			}
			role := e.allowedRole(pattern)
			s := e.sessions[role]
			if second[role] == "" {
				second[role] = e.login(t, e.client(t), s.email)
				e.dirty = true
			}
			other := e.sessions["student"]
			if role == "student" {
				other = e.sessions["admin"]
			}
			for _, bad := range []struct{ what, token string }{
				{"no token", ""},
				{"a wrong token", wrongToken(s.csrf)},
				{"another account's session's token", other.csrf},
				{"another session's token of the same account", second[role]},
			} {
				a, p, changed := e.try(t, s, s.client, pattern, nil, bad.token)
				if a != "403" {
					t.Errorf("CSRF: %s as %s with %s (%s): %s, want 403", pattern, role, bad.what, p, a)
				}
				if len(changed) > 0 {
					t.Errorf("CSRF: %s as %s with %s changed %v", pattern, role, bad.what, changed)
				}
			}
		}
		// The refused requests left every session logged in (POST /logout included).
		for _, role := range tableRoles[1:] {
			r, err := e.sessions[role].client.Get(e.srv.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			if !csrfRE.MatchString(body(t, r)) {
				t.Errorf("%s's session ended", role)
			}
		}
	})
}

// allowedRole is a role the table lets use a route (so that a refusal is
// the CSRF check's): the first of admin, coordinator, national, student.
func (e *tableEnv) allowedRole(pattern string) string {
	want := strings.Fields(routeTable[pattern])
	for _, role := range []string{"admin", "coordinator", "national", "student"} {
		if a := want[slices.Index(tableRoles, role)]; !denial(a) {
			return role
		}
	}
	return "admin"
}

// idorCase is a route called by a role that may use it for its own objects,
// with an object of another program or institution in the path.
type idorCase struct {
	role, what string
	over       map[string]string
}

var objectParams = []string{"{id}", "{pid}", "{gid}", "{sid}", "{draft}", "{grant}", "{token}", "{event}", "{application}"}

func hasObjectParam(pattern string) bool {
	return slices.ContainsFunc(objectParams, func(p string) bool { return strings.Contains(pattern, p) })
}

// idorCases are the calls of a route with someone else's object: by the
// admin with the other institution's, by the coordinator of this program
// with another program's (of this institution and of the other one), by the
// student with another student's participation or another institution's
// program.
func (e *tableEnv) idorCases(t *testing.T, pattern string) []idorCase {
	_, path, _ := strings.Cut(pattern, " ")
	id := func(n int64) string { return fmt.Sprint(n) }
	switch {
	case isDeskPath(path):
		return e.deskIDOR(t, path)
	case isTimesheetPath(path):
		return e.timesheetIDOR(t)
	case isTrainingEventPath(path):
		return e.trainingEventIDOR(t, path)
	case pattern == "GET /api/v1/postings/{id}" || pattern == "POST /api/v1/postings/{id}/applications" || strings.HasPrefix(path, "/recruit/"):
		// An open posting is public, wherever one studies: none is
		// another's; one that is not there is not found.
		return []idorCase{{"student", "a posting that is not there", map[string]string{"id": "999999"}}}
	case isRecruitPath(path):
		return e.recruitIDOR(t, path)
	case strings.Contains(path, "{application}"):
		return []idorCase{{"coordinator", "another program's application under this program", map[string]string{"application": e.cvApplication(t, e.demo.Programs["uib-med-mentor"].ID)}}}
	case strings.Contains(path, "{event}"):
		cs := e.trainingEventIDOR(t, path)
		for i := range cs {
			cs[i].over = map[string]string{"event": cs[i].over["id"]}
			if strings.HasPrefix(path, "/me/") {
				cs[i].role = "mentor"
			}
		}
		return cs
	case strings.HasPrefix(path, "/api/v1/institutions/{id}"):
		return []idorCase{{"admin", "the other institution", map[string]string{"id": id(e.hvl)}}}
	case strings.HasPrefix(path, "/admin/services/{id}"):
		return []idorCase{{"admin", "a support service of the other institution", map[string]string{"id": id(e.newService(t, e.hvl))}}}
	case strings.HasPrefix(path, "/admin/users/{id}"):
		cs := []idorCase{{"admin", "an account of the other institution", map[string]string{"id": id(e.hvlTarget)}}}
		if strings.Contains(path, "{token}") {
			cs = append(cs, idorCase{"admin", "a token of the other institution's account under an own account",
				map[string]string{"token": id(e.activeToken(t, "target@hvl.test.example"))}})
		}
		if strings.Contains(path, "{grant}") {
			cs = append(cs, idorCase{"admin", "a grant of the other institution's account under an own account",
				map[string]string{"grant": id(e.leaderGrant(t, e.hvlTarget))}})
		}
		return cs
	case strings.HasPrefix(path, "/me/participations/{pid}"):
		return []idorCase{{"student", "another student's participation", map[string]string{"pid": id(e.otherStudentPart)}}}
	case strings.HasPrefix(path, "/sessions/{id}"):
		return []idorCase{
			{"mentor", "another group's session", map[string]string{"id": id(e.otherGroupSession)}},
			{"coordinator", "another program's session", map[string]string{"id": id(e.lawSession)}},
			{"admin-other", "a session of another institution's program", map[string]string{"id": id(e.mentorSession)}},
		}
	case strings.HasPrefix(path, "/me/programs/{id}"):
		return []idorCase{{"student", "a program of the other institution", map[string]string{"id": id(e.hvlProg.ID)}}}
	case strings.HasPrefix(path, "/api/v1/sessions/{id}"):
		return []idorCase{
			{"coordinator", "another program's session", map[string]string{"id": id(e.lawSession)}},
			{"coordinator-other", "this program's session", map[string]string{"id": id(e.session)}},
			{"mentor", "another group's session", map[string]string{"id": id(e.otherGroupSession)}},
			{"student", "another group's session", map[string]string{"id": id(e.otherGroupSession)}},
			{"admin", "a session of the other institution", map[string]string{"id": id(e.hvlSession)}},
			{"admin-other", "a session of this institution", map[string]string{"id": id(e.session)}},
		}
	case strings.HasPrefix(path, "/api/v1/people/{id}"):
		return []idorCase{
			{"student", "another student's calendar", map[string]string{"id": "100002"}},
			{"mentor", "a student's calendar", map[string]string{"id": "100001"}},
			{"coordinator-other", "the calendar of a student of a program they do not coordinate", map[string]string{"id": "100001"}},
			{"admin-other", "the calendar of a person of this institution", map[string]string{"id": "100001"}},
		}
	case strings.HasPrefix(path, "/programs/{id}"), strings.HasPrefix(path, "/api/v1/programs/{id}"):
		cs := []idorCase{
			{"coordinator", "another program", map[string]string{"id": id(e.lawProg.ID)}},
			{"coordinator", "the other institution's program", map[string]string{"id": id(e.hvlProg.ID)}},
			{"admin", "the other institution's program", map[string]string{"id": id(e.hvlProg.ID)}},
		}
		if strings.Contains(path, "{pid}") {
			cs = append(cs, idorCase{"coordinator", "another program's mentor", map[string]string{"pid": id(e.alumniMentorPart)}})
		}
		if strings.Contains(path, "{sid}") {
			cs = append(cs, idorCase{"coordinator-other", "this program's session under their own program",
				map[string]string{"id": id(e.lawProg.ID), "sid": id(e.session)}})
		}
		if strings.Contains(path, "{gid}") {
			cs = append(cs, idorCase{"coordinator-other", "this program's group under their own program",
				map[string]string{"id": id(e.lawProg.ID), "gid": id(e.groupOf(t, e.pilot.ID))}})
		}
		if strings.Contains(path, "{draft}") {
			cs = append(cs, idorCase{"coordinator", "their upload to another of their programs",
				map[string]string{"id": id(e.pilot.ID), "draft": id(e.newDraft(t, e.signup.ID))}})
		}
		return cs
	}
	return nil
}

// wrongToken is token with its first character changed, so it is never
// the token itself (a fixed "x" would be, for a token that starts with x).
func wrongToken(token string) string {
	if strings.HasPrefix(token, "x") {
		return "y" + token[1:]
	}
	return "x" + token[1:]
}
