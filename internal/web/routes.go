package web

import (
	"net/http"

	"github.com/mentorhub/mentorhub/internal/people"
)

// apiRoute is one API endpoint; every one must be in openapi.json (a test
// compares the two in both directions).
type apiRoute struct {
	Method, Path string
	Handler      handlerFunc
}

// routes registers every route. Each goes through routeRecorder, so Routes
// lists them all exactly; the route × role table test
// (routes_table_test.go) fails for a route that has no row there.
func (s *Server) routes() {
	m := routeRecorder{s}
	// Operations.
	m.HandleFunc("GET /healthz", s.handleHealthz)
	m.HandleFunc("GET /readyz", s.handleReadyz)
	m.HandleFunc("GET /metrics", s.handleMetrics)
	m.HandleFunc("GET /static/{hash}/{name}", s.static.serve)
	m.HandleFunc("GET /favicon.ico", s.static.favicon)

	// Pages.
	m.HandleFunc("GET /{$}", s.h(s.handleHome))
	m.HandleFunc("GET /login", s.h(s.handleLoginForm))
	m.HandleFunc("POST /login", s.h(s.handleLogin))
	m.HandleFunc("POST /logout", s.h(s.handleLogout))
	m.HandleFunc("GET /auth/oidc/login", s.h(s.handleOIDCLogin))
	m.HandleFunc("GET /auth/oidc/callback", s.h(s.handleOIDCCallback))
	m.HandleFunc("POST /lang", s.h(s.handleLang))
	m.HandleFunc("GET /admin", s.h(s.handleAdminIndex))
	m.HandleFunc("POST /admin/units", s.h(s.handleAdminCreateUnit))
	m.HandleFunc("POST /admin/programmes", s.h(s.handleAdminCreateProgramme))
	m.HandleFunc("POST /admin/cohorts", s.h(s.handleAdminSetCohort))
	m.HandleFunc("POST /admin/users", s.h(s.handleAdminCreateUser))
	m.HandleFunc("POST /admin/users/{id}/grants", s.h(s.handleAdminGrant))
	m.HandleFunc("POST /admin/users/{id}/grants/{grant}/delete", s.h(s.handleAdminRevoke))
	m.HandleFunc("GET /admin/audit", s.h(s.handleAdminAudit))
	// Account administration (issue 9, L4): one account's API tokens and
	// its disabling, for admins of its institution and national admins.
	m.HandleFunc("GET /admin/users/{id}", s.h(s.handleAdminAccount))
	m.HandleFunc("POST /admin/users/{id}/disable", s.h(s.handleAdminDisable))
	m.HandleFunc("POST /admin/users/{id}/enable", s.h(s.handleAdminEnable))
	m.HandleFunc("POST /admin/users/{id}/tokens/{token}/revoke", s.h(s.handleAdminRevokeToken))
	m.HandleFunc("GET /admin/institutions", s.h(s.handleAdminInstitutions))
	m.HandleFunc("POST /admin/institutions", s.h(s.handleAdminCreateInstitution))
	m.HandleFunc("GET /admin/jobs", s.h(s.handleAdminJobs))
	m.HandleFunc("GET /admin/services", s.h(s.handleAdminServices))
	m.HandleFunc("POST /admin/services", s.h(s.handleAdminServiceSave))
	m.HandleFunc("POST /admin/services/{id}/retire", s.h(s.handleAdminServiceRetire))
	// The institution's own training modules beside the national catalogue.
	m.HandleFunc("GET /admin/training-modules", s.h(s.handleAdminModules))
	m.HandleFunc("POST /admin/training-modules", s.h(s.handleAdminModuleAdd))
	m.HandleFunc("POST /admin/jobs/retry", s.h(s.handleAdminJobRetry))

	// The public catalogue (no login) and the program pages.
	m.HandleFunc("GET /catalogue", s.h(s.handleCatalogue))
	m.HandleFunc("GET /catalogue.csv", s.h(s.handleCatalogueCSV))
	m.HandleFunc("GET /catalogue.json", s.h(s.handleCatalogueJSON))
	m.HandleFunc("GET /catalogue/{code}", s.h(s.handleCatalogueProgram))
	m.HandleFunc("GET /examples", s.h(s.handleExamples))
	m.HandleFunc("GET /glossary", s.h(s.handleGlossary))
	m.HandleFunc("GET /programs", s.h(s.handlePrograms))
	m.HandleFunc("GET /programs/new", s.h(s.handleProgramNew))
	m.HandleFunc("POST /programs", s.h(s.handleProgramCreate))
	m.HandleFunc("GET /programs/{id}", s.h(s.handleProgramView))
	m.HandleFunc("POST /programs/{id}", s.h(s.handleProgramSave))
	m.HandleFunc("POST /programs/{id}/publish", s.h(s.handleProgramPublish))
	m.HandleFunc("GET /programs/{id}/people", s.h(s.handlePeople))
	m.HandleFunc("POST /programs/{id}/people", s.h(s.handlePeople))
	m.HandleFunc("POST /programs/{id}/people/upload", s.h(s.handlePeopleUpload))
	m.HandleFunc("POST /programs/{id}/people/drafts/{draft}/preview", s.h(s.handleDraftPreview))
	m.HandleFunc("POST /programs/{id}/people/drafts/{draft}/commit", s.h(s.handleDraftCommit))
	m.HandleFunc("POST /programs/{id}/people/drafts/{draft}/discard", s.h(s.handleDraftDiscard))
	m.HandleFunc("POST /programs/{id}/mentors/{pid}/chief", s.h(s.handleChief))
	m.HandleFunc("POST /programs/{id}/signup", s.h(s.handleSignupSettings))
	m.HandleFunc("GET /programs/{id}/groups", s.h(s.handleGroups))
	m.HandleFunc("POST /programs/{id}/years", s.h(s.handleYearOpen))
	m.HandleFunc("POST /programs/{id}/groups/preview", s.h(s.handleAllocationPreview))
	m.HandleFunc("POST /programs/{id}/groups/accept", s.h(s.handleAllocationAccept))
	m.HandleFunc("POST /programs/{id}/groups/move", s.h(s.handleGroupMove))
	m.HandleFunc("POST /programs/{id}/groups/{gid}/name", s.h(s.handleGroupRename))
	m.HandleFunc("GET /programs/{id}/export/{format}", s.h(s.handleGroupsExport))
	m.HandleFunc("GET /programs/{id}/sessions", s.h(s.handleSessionsPage))
	m.HandleFunc("POST /programs/{id}/sessions", s.h(s.handleSessionCreatePage))
	m.HandleFunc("POST /programs/{id}/sessions/plan", s.h(s.handleSessionsPlan))
	m.HandleFunc("POST /programs/{id}/sessions/welcome", s.h(s.handleWelcomePage))
	m.HandleFunc("POST /programs/{id}/sessions/{sid}/cancel", s.h(s.handleSessionCancelPage))
	m.HandleFunc("GET /programs/{id}/applications", s.h(s.handleApplications))
	m.HandleFunc("POST /programs/{id}/applications/select", s.h(s.handleSelect))
	m.HandleFunc("POST /programs/{id}/applications/match", s.h(s.handleMatch))
	m.HandleFunc("POST /me/participations/{pid}/opt-out", s.h(s.handleOptOut))
	m.HandleFunc("POST /me/participations/{pid}/opt-in", s.h(s.handleOptIn))
	m.HandleFunc("POST /me/programs/{id}/signup", s.h(s.handleSignUp))
	m.HandleFunc("GET /me/programs/{id}/signup", s.h(s.handleSignUpForm))
	m.HandleFunc("GET /me/programs/{id}/apply", s.h(s.handleApplyForm))
	m.HandleFunc("POST /me/programs/{id}/apply", s.h(s.handleApply))
	m.HandleFunc("POST /me/programs/{id}/apply/withdraw", s.h(s.handleWithdrawApplication))
	m.HandleFunc("GET /overview", s.h(s.handleOverview))
	// Sessions: the mentor's groups and a session's roster, the student's
	// program by week, and check-in with the code (public: rate-limited).
	m.HandleFunc("GET /me/sessions", s.h(s.handleMySessions))
	m.HandleFunc("GET /sessions/{id}", s.h(s.handleSessionView))
	m.HandleFunc("POST /sessions/{id}/checkins", s.h(s.handleSessionCheckin))
	m.HandleFunc("POST /programs/{id}/followups", s.h(s.handleFollowUpRecord))
	m.HandleFunc("GET /me/program", s.h(s.handleMyProgram))
	m.HandleFunc("POST /me/checkin", s.h(s.handleMyCheckin))
	m.HandleFunc("GET /checkin", s.h(s.handleCheckinForm))
	m.HandleFunc("POST /checkin", s.h(s.handleCheckinSubmit))
	m.HandleFunc("GET /me/programs/{id}/desk", s.h(s.handleDeskPage))
	m.HandleFunc("POST /me/programs/{id}/desk", s.h(s.handleDeskAction))
	// Attendance (issue 12): a program year's report, its export and
	// requirement; attendance per program for leaders.
	m.HandleFunc("GET /programs/{id}/attendance", s.h(s.handleAttendance))
	m.HandleFunc("GET /programs/{id}/attendance.csv", s.h(s.handleAttendanceCSV))
	m.HandleFunc("POST /programs/{id}/attendance/requirement", s.h(s.handleAttendanceRequirement))
	// Training: the requirement, the gate, overrides and completions.
	m.HandleFunc("GET /programs/{id}/training", s.h(s.handleTraining))
	m.HandleFunc("POST /programs/{id}/training/requirement", s.h(s.handleTrainingRequirement))
	m.HandleFunc("POST /programs/{id}/training/override", s.h(s.handleTrainingOverride))
	m.HandleFunc("POST /programs/{id}/training/completions", s.h(s.handleTrainingImport))
	m.HandleFunc("GET /me/training", s.h(s.handleMyTraining))
	m.HandleFunc("POST /me/training/events/{event}/signup", s.h(s.handleTrainingSignup))
	m.HandleFunc("POST /me/training/checkin", s.h(s.handleTrainingCheckin))
	m.HandleFunc("POST /me/training/events/{event}/withdraw", s.h(s.handleTrainingWithdraw))
	m.HandleFunc("POST /programs/{id}/training/events", s.h(s.handleTrainingEventCreate))
	m.HandleFunc("POST /programs/{id}/training/pairs", s.h(s.handleTrainingPairs))
	m.HandleFunc("POST /programs/{id}/training/meetings", s.h(s.handleTrainingMeetings))
	m.HandleFunc("POST /programs/{id}/training/events/{event}/mark", s.h(s.handleTrainingMark))
	m.HandleFunc("POST /programs/{id}/training/events/{event}/cancel", s.h(s.handleTrainingCancel))
	// Hours and pay: a mentor's month, the coordinator's Pay tab.
	m.HandleFunc("GET /me/programs/{id}/timesheet", s.h(s.handleMyTimesheet))
	m.HandleFunc("POST /me/programs/{id}/timesheet", s.h(s.handleMyTimesheetSubmit))
	m.HandleFunc("GET /programs/{id}/pay", s.h(s.handlePay))
	m.HandleFunc("POST /programs/{id}/pay/rates", s.h(s.handlePayRates))
	m.HandleFunc("POST /programs/{id}/pay/decide", s.h(s.handlePayDecide))
	m.HandleFunc("GET /programs/{id}/pay/payroll/{format}", s.h(s.handlePayrollDownload))
	m.HandleFunc("GET /programs/{id}/costs", s.h(s.handleCosts))
	// Recruiting: a posting's public page and form; the coordinator's tab.
	m.HandleFunc("GET /recruit/{id}", s.h(s.handleRecruitForm))
	m.HandleFunc("POST /recruit/{id}", s.h(s.handleRecruitSubmit))
	m.HandleFunc("GET /recruit/offer/{token}", s.h(s.handleOffer))
	m.HandleFunc("POST /recruit/offer/{token}", s.h(s.handleOfferAnswer))
	m.HandleFunc("GET /programs/{id}/recruit", s.h(s.handleRecruit))
	m.HandleFunc("POST /programs/{id}/recruit/postings", s.h(s.handlePostingCreate))
	m.HandleFunc("POST /programs/{id}/recruit/act", s.h(s.handleApplicationAction))
	m.HandleFunc("GET /programs/{id}/recruit/cv/{application}", s.h(s.handleCV))
	m.HandleFunc("POST /programs/{id}/costs/plan", s.h(s.handleCostsPlan))
	m.HandleFunc("GET /overview/attendance", s.h(s.handleAttendanceOverview))
	m.HandleFunc("GET /ical/{file}", s.h(s.handleICal))
	m.HandleFunc("GET /admin/import", s.h(s.handleImportForm))
	m.HandleFunc("POST /admin/import/catalogue", s.h(s.handleImportCatalogue))
	m.HandleFunc("POST /admin/import/populations", s.h(s.handleImportPopulations))

	// API.
	m.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	s.apiRoutes = []apiRoute{
		{"GET", "/api/v1/me", s.apiMe},
		{"GET", "/api/v1/institutions", s.apiInstitutions},
		{"GET", "/api/v1/institutions/{id}", s.apiInstitution},
		{"GET", "/api/v1/institutions/{id}/units", s.apiUnits},
		{"GET", "/api/v1/institutions/{id}/programmes", s.apiProgrammes},
		{"GET", "/api/v1/institutions/{id}/coverage", s.apiCoverage},
		{"GET", "/api/v1/programs", s.apiPrograms},
		{"POST", "/api/v1/programs", s.apiProgramCreate},
		{"GET", "/api/v1/programs/{id}", s.apiProgram},
		{"PATCH", "/api/v1/programs/{id}", s.apiProgramPatch},
		{"GET", "/api/v1/programs/{id}/history", s.apiProgramHistory},
		{"GET", "/api/v1/programs/{id}/students", s.apiRosterGet(people.Student)},
		{"PUT", "/api/v1/programs/{id}/students", s.apiRosterPut("students")},
		{"GET", "/api/v1/programs/{id}/mentors", s.apiRosterGet(people.Mentor)},
		{"PUT", "/api/v1/programs/{id}/mentors", s.apiRosterPut("mentors")},
		{"POST", "/api/v1/programs/{id}/allocations", s.apiAllocate},
		{"GET", "/api/v1/programs/{id}/groups", s.apiGroups},
		{"GET", "/api/v1/programs/{id}/years", s.apiYears},
		{"POST", "/api/v1/programs/{id}/years", s.apiYearOpen},
		{"GET", "/api/v1/programs/{id}/sessions", s.apiSessions},
		{"POST", "/api/v1/programs/{id}/sessions", s.apiSessionCreate},
		{"POST", "/api/v1/programs/{id}/plans", s.apiPlan},
		{"GET", "/api/v1/programs/{id}/followups", s.apiFollowUps},
		{"POST", "/api/v1/programs/{id}/followups", s.apiFollowUpRecord},
		{"POST", "/api/v1/programs/{id}/followups/missed-you", s.apiMissedYou},
		{"POST", "/api/v1/programs/{id}/welcome", s.apiWelcome},
		{"GET", "/api/v1/programs/{id}/messages", s.apiMessages},
		{"PUT", "/api/v1/programs/{id}/attendance-requirement", s.apiRequirement},
		{"GET", "/api/v1/sessions/{id}", s.apiSession},
		{"PATCH", "/api/v1/sessions/{id}", s.apiSessionPatch},
		{"POST", "/api/v1/sessions/{id}/cancel", s.apiSessionCancel},
		{"POST", "/api/v1/sessions/{id}/checkins", s.apiCheckin},
		{"GET", "/api/v1/sessions/{id}/attendance", s.apiAttendance},
		{"GET", "/api/v1/people/{id}/calendar", s.apiCalendar},
		{"POST", "/api/v1/people/{id}/calendar", s.apiCalendarRevoke},
		{"GET", "/api/v1/audit", s.apiAudit},
		// Desks, the feedback queue, talks and office hours (api_desks.go).
		{"GET", "/api/v1/programs/{id}/desks", s.apiDesks},
		{"POST", "/api/v1/programs/{id}/desks", s.apiDeskCreate},
		{"POST", "/api/v1/desks/{id}/rota", s.apiRota},
		{"GET", "/api/v1/desks/{id}/shifts", s.apiShifts},
		{"POST", "/api/v1/shifts/{id}/swap", s.apiSwap},
		{"GET", "/api/v1/shifts/{id}/visits", s.apiVisits},
		{"POST", "/api/v1/shifts/{id}/visits", s.apiVisitAdd},
		{"GET", "/api/v1/programs/{id}/feedback", s.apiFeedback},
		{"POST", "/api/v1/programs/{id}/feedback", s.apiFeedbackSubmit},
		{"POST", "/api/v1/feedback/{id}/claim", s.apiFeedbackClaim},
		{"POST", "/api/v1/feedback/{id}/return", s.apiFeedbackReturn},
		{"GET", "/api/v1/programs/{id}/feedback-counts", s.apiFeedbackCounts},
		{"GET", "/api/v1/programs/{id}/talks", s.apiTalks},
		{"POST", "/api/v1/programs/{id}/talks", s.apiTalkRecord},
		{"GET", "/api/v1/programs/{id}/reflection-notes", s.apiNotes},
		{"PUT", "/api/v1/programs/{id}/reflection-notes", s.apiNoteRecord},
		{"GET", "/api/v1/programs/{id}/office-hours", s.apiOfficeHours},
		{"POST", "/api/v1/programs/{id}/office-hours", s.apiOfficeHourPublish},
		{"POST", "/api/v1/office-hours/{id}/book", s.apiOfficeHourBook},
		{"POST", "/api/v1/office-hours/{id}/cancel", s.apiOfficeHourCancel},
		{"GET", "/api/v1/training/modules", s.apiTrainingModules},
		{"POST", "/api/v1/training/modules", s.apiTrainingModuleCreate},
		{"PUT", "/api/v1/training/completions", s.apiTrainingImport},
		{"GET", "/api/v1/people/{id}/training", s.apiPersonTraining},
		{"GET", "/api/v1/training/events", s.apiTrainingEvents},
		{"POST", "/api/v1/training/events", s.apiTrainingEventCreate},
		{"POST", "/api/v1/training/events/{id}/signup", s.apiTrainingSignup},
		{"GET", "/api/v1/training/events/{id}/roster", s.apiTrainingRoster},
		{"POST", "/api/v1/training/events/{id}/attendance", s.apiTrainingAttendance},
		{"GET", "/api/v1/programs/{id}/training-requirement", s.apiTrainingRequirement},
		{"PUT", "/api/v1/programs/{id}/training-requirement", s.apiTrainingRequirementSet},
		{"POST", "/api/v1/programs/{id}/training-overrides", s.apiTrainingOverride},
		{"GET", "/api/v1/programs/{id}/rates", s.apiRates},
		{"PUT", "/api/v1/programs/{id}/rates", s.apiRatesSet},
		{"GET", "/api/v1/programs/{id}/timesheets", s.apiTimesheets},
		{"POST", "/api/v1/programs/{id}/timesheets", s.apiTimesheetSubmit},
		{"POST", "/api/v1/timesheets/{id}/approve", s.apiTimesheetDecide(true)},
		{"POST", "/api/v1/timesheets/{id}/return", s.apiTimesheetDecide(false)},
		{"GET", "/api/v1/programs/{id}/payroll", s.apiPayroll},
		{"GET", "/api/v1/programs/{id}/costs", s.apiCosts},
		{"GET", "/api/v1/programs/{id}/postings", s.apiPostings},
		{"POST", "/api/v1/programs/{id}/postings", s.apiPostingCreate},
		{"GET", "/api/v1/postings/{id}", s.apiPosting},
		{"POST", "/api/v1/postings/{id}/applications", s.apiApply},
		{"GET", "/api/v1/postings/{id}/applications", s.apiApplications},
		{"POST", "/api/v1/applications/{id}/reviews", s.apiReview},
		{"POST", "/api/v1/applications/{id}/decision", s.apiDecision},
		{"POST", "/api/v1/applications/{id}/hire", s.apiHire},
		{"PUT", "/api/v1/programs/{id}/costs", s.apiCostsPlan},
	}
	for _, rt := range s.apiRoutes {
		m.HandleFunc(rt.Method+" "+rt.Path, s.h(s.requireActor(rt.Handler)))
	}
	// Anything else under /api/ is a JSON 404 (or 401 without credentials).
	m.HandleFunc("/api/", s.h(s.requireActor(func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such endpoint", Details: nil})
		return nil
	})))
	// Any other path is a page in the layout: 404, or 405 for a path
	// served with other methods.
	m.HandleFunc("/", s.h(s.handleNoRoute))
}

// routeRecorder registers a route on the mux and records its pattern for Routes.
type routeRecorder struct{ s *Server }

// HandleFunc registers h for pattern, as http.ServeMux.HandleFunc does.
func (rr routeRecorder) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	rr.s.patterns = append(rr.s.patterns, pattern)
	rr.s.mux.HandleFunc(pattern, h)
}

// Routes lists every registered route pattern ("METHOD /path", or a bare
// "/path" for any method), pages and API, in registration order.
func (s *Server) Routes() []string {
	return append([]string(nil), s.patterns...)
}

// requireActor refuses anonymous requests with 401 before the handler runs.
func (s *Server) requireActor(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if actorOf(r) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mentorhub"`)
			return errUnauthorized()
		}
		return fn(w, r)
	}
}

// APIRoutes lists every registered API route as "METHOD /path".
func (s *Server) APIRoutes() []string {
	out := []string{"GET /api/v1/openapi.json"}
	for _, rt := range s.apiRoutes {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}
