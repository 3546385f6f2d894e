// Package recruit keeps the recruiting of mentors: postings per program
// year (positions, period, hourly rate, deadline, what the role is),
// applications to them from anyone, the committee's scores and comments,
// offers and answers, and hiring into the program year as a mentor with a
// contract period.
package recruit

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/roster"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// States of an application.
const (
	Submitted = "submitted"
	Offered   = "offered"
	Accepted  = "accepted"
	Declined  = "declined"
	Rejected  = "rejected"
	Hired     = "hired"
)

// moves are the decisions a coordinator may record, from each state.
var moves = map[string][]string{
	Submitted: {Offered, Rejected},
	Offered:   {Accepted, Declined, Rejected},
	Accepted:  {Rejected},
}

// Posting is a call for mentors in a program year.
type Posting struct {
	ID            int64
	ProgramID     int64
	ProgramName   string
	InstitutionID int64
	Lang          string // the language of the program's texts (nb, nn, en)
	Year          int
	Title         string
	Role          string // what the role is: tasks, hours, training, expectations
	// Programmes are the positions per study programme ("" for any), in
	// the order the coordinator wrote them.
	Programmes []Position
	// ProgrammeCode is the only row's programme ("" for any, or with
	// several rows) and Positions the total: the posting in one figure.
	ProgrammeCode string
	Positions     int
	StartsOn      time.Time // the contract period
	EndsOn        time.Time
	Hourly        payroll.NOK
	Deadline      time.Time
	Applications  int
}

// Open tells whether the posting takes applications at t.
func (p Posting) Open(t time.Time) bool { return t.Before(p.Deadline) }

// Application is one applicant's application to a posting.
type Application struct {
	ID            int64
	PostingID     int64
	GivenName     string
	FamilyName    string
	Email         string
	StudentNumber string
	Programme     string
	Cohort        string
	Motivation    string
	Experience    string
	Slots         []string
	State         string
	SubmittedAt   time.Time
	Reviews       []Review
	// CV is the PDF the applicant attached (nil for none); listed
	// applications carry only its name (CVName), the file is read apart.
	CV     []byte
	CVName string
}

// MaxCV bounds a CV's size.
const MaxCV = 2 << 20

// checkCV refuses a CV that is not a PDF of at most MaxCV bytes, judged by
// its content ("%PDF-" at the start), not its name or declared type.
func checkCV(data []byte, name string) (string, *app.Detail) {
	if len(data) == 0 {
		return "", nil
	}
	switch {
	case len(data) > MaxCV:
		d := detail("cv", "recruit.cv_large", "a CV of at most 2 MiB")
		return "", &d
	case !bytes.HasPrefix(data, []byte("%PDF-")):
		d := detail("cv", "recruit.cv_type", "a CV as a PDF file")
		return "", &d
	}
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`/\"<>:|?*`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" || tooLong(name, 120) {
		name = "cv.pdf"
	}
	return name, nil
}

// Score is the mean of the application's review scores (0 with none).
func (a Application) Score() float64 {
	if len(a.Reviews) == 0 {
		return 0
	}
	sum := 0
	for _, r := range a.Reviews {
		sum += r.Score
	}
	return float64(sum) / float64(len(a.Reviews))
}

// Review is one committee member's score (1–5) and comment.
type Review struct {
	AccountID  int64
	Reviewer   string
	Score      int
	Comment    string
	ReviewedAt time.Time
}

// Store keeps postings, applications, reviews and contracts.
type Store interface {
	CreatePosting(ctx context.Context, p *Posting, accountID int64) error
	FindPosting(ctx context.Context, id int64) (Posting, error)
	FindPostings(ctx context.Context, programID int64, year int) ([]Posting, error)
	// CreateApplication stores an application; a conflict when the
	// student number applied to the posting already.
	CreateApplication(ctx context.Context, a *Application) error
	FindApplications(ctx context.Context, postingID, id int64) ([]Application, error)
	SaveReview(ctx context.Context, applicationID, accountID int64, score int, comment string) error
	// SetState moves an application from one state to another; a
	// conflict when it is not in from (any more).
	SetState(ctx context.Context, id int64, from, to string) error
	// Hire makes an accepted application's applicant a mentor of the
	// posting's program year with the posting's contract period, in one
	// unit: the person (found or made by student number), the
	// participant, the contract and the state hired.
	Hire(ctx context.Context, p Posting, a Application) (participantID int64, err error)
	// FindCV returns an application's CV and its name.
	FindCV(ctx context.Context, id int64) ([]byte, string, error)
	// FindProgrammeCodes lists the codes of the institution's study
	// programmes.
	FindProgrammeCodes(ctx context.Context, institutionID int64) ([]string, error)
	OfferStore
	// FindContinuity returns a program year's active mentors, when their
	// contracts end, and the mentors of earlier years who are not back.
	FindContinuity(ctx context.Context, programID int64, year int) (mentors int, ends []time.Time, former []Former, err error)
}

// Parts resolves an actor's part in a program year (sessions.Service.PartOf).
type Parts interface {
	PartOf(ctx context.Context, programID int64, year int, write bool) (sessions.Part, error)
}

// Service holds the rules of recruiting.
type Service struct {
	store   Store
	parts   Parts
	clock   app.Clock
	audit   func(ctx context.Context, action, target, outcome, details string)
	changes app.Auditor
	mailing Mailing
}

// NewService returns a Service.
func NewService(st Store, parts Parts, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	return &Service{store: st, parts: parts, clock: clock, audit: audit, changes: app.AuditOnly(audit)}
}

// At returns the service on a clock that reads t, for recording a
// recruitment round that took place before now (the demo's last spring).
func (s *Service) At(t time.Time) *Service {
	c := *s
	c.clock = app.NewFakeClock(t)
	return &c
}

// UseUnits makes the service's changes units of work with their audit entry.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// manage finds the actor's part as a manager of the program (its
// coordinators and admins) in year (0: the request's; write: the current).
// (Callers write a denial to the audit log, each with its action.)
func (s *Service) manage(ctx context.Context, programID int64, year int, write bool) (sessions.Part, error) {
	if app.ActorFrom(ctx) == nil {
		return sessions.Part{}, app.Unauthorized()
	}
	p, err := s.parts.PartOf(ctx, programID, year, write)
	if err != nil {
		return p, err
	}
	if p.Level != sessions.Manager {
		return p, app.Forbidden()
	}
	return p, nil
}

func detail(col, key, msg string) app.Detail { return app.Detail{Column: col, Key: key, Message: msg} }

// Limits of what an application and a posting hold.
const (
	MaxName = 200
	MaxText = 5000
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// PostingDraft is a posting as a coordinator writes it (rate in kroner):
// its positions per programme (Programmes), or, when it has none, the one
// row of ProgrammeCode and Positions.
type PostingDraft struct {
	Title, Role, ProgrammeCode string
	Positions                  int
	Programmes                 []Position
	StartsOn, EndsOn, Deadline time.Time
	Hourly                     float64
}

// CreatePosting posts a call for mentors in the program's current year.
func (s *Service) CreatePosting(ctx context.Context, programID int64, d PostingDraft) (Posting, error) {
	part, err := s.manage(ctx, programID, 0, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.posting", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return Posting{}, err
	}
	var ds []app.Detail
	d.Title, d.Role = strings.TrimSpace(d.Title), strings.TrimSpace(d.Role)
	if d.Title == "" || tooLong(d.Title, MaxName) {
		ds = append(ds, detail("title", "recruit.bad_title", "a title of 1 to 200 characters"))
	}
	if tooLong(d.Role, MaxText) {
		ds = append(ds, detail("role", "recruit.too_long", "at most 5000 characters"))
	}
	rows := d.Programmes
	if len(rows) == 0 && (d.Positions != 0 || strings.TrimSpace(d.ProgrammeCode) != "") {
		rows = []Position{{ProgrammeCode: d.ProgrammeCode, Count: d.Positions}}
	}
	known, err := s.store.FindProgrammeCodes(ctx, part.Program.InstitutionID)
	if err != nil {
		return Posting{}, err
	}
	rows, bad := checkPositions(rows, known)
	ds = append(ds, bad...)
	if d.StartsOn.IsZero() || !d.EndsOn.After(d.StartsOn) {
		ds = append(ds, detail("ends_on", "recruit.bad_period", "a contract period that ends after it starts"))
	}
	if !d.Deadline.After(s.clock.Now()) {
		ds = append(ds, detail("deadline", "recruit.bad_deadline", "a deadline still to come"))
	}
	hourly, ok := payroll.ParseNOK(d.Hourly)
	if !ok {
		ds = append(ds, detail("hourly", "pay.bad_rate", "a rate in kroner with at most two decimals, from 0 to 100000"))
	}
	if len(ds) > 0 {
		return Posting{}, &app.Error{Code: app.CodeInvalid, Key: "recruit.bad_posting", Message: "the posting cannot be made", Details: ds}
	}
	p := Posting{ProgramID: programID, ProgramName: part.Program.Name, InstitutionID: part.Program.InstitutionID, Year: part.Year,
		Title: d.Title, Role: d.Role, Programmes: rows, StartsOn: d.StartsOn.UTC(), EndsOn: d.EndsOn.UTC(),
		Hourly: hourly, Deadline: d.Deadline.UTC()}
	p.ProgrammeCode, p.Positions = Summary(rows)
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.CreatePosting(ctx, &p, app.ActorFrom(ctx).AccountID)
	}, "recruit.posting", part.Program.Code, "ok", p.Title)
	return p, err
}

// Postings lists the program year's postings (coordinators).
func (s *Service) Postings(ctx context.Context, programID int64) ([]Posting, error) {
	part, err := s.manage(ctx, programID, 0, false)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.read", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return nil, err
	}
	return s.store.FindPostings(ctx, programID, part.Year)
}

// PublicPosting is a posting as anyone may read it while it takes
// applications; a closed one does not exist for the public.
func (s *Service) PublicPosting(ctx context.Context, id int64) (Posting, error) {
	p, err := s.store.FindPosting(ctx, id)
	if err != nil {
		return Posting{}, err
	}
	if !p.Open(s.clock.Now()) {
		return Posting{}, app.NotFound("posting")
	}
	return p, nil
}

// Apply records an application to an open posting, from anyone: name,
// e-mail, student number, motivation (all required), study programme and
// cohort, experience and the weekly slots they can take.
func (s *Service) Apply(ctx context.Context, postingID int64, a Application) (Application, error) {
	p, err := s.PublicPosting(ctx, postingID)
	if err != nil {
		return Application{}, err
	}
	trim := func(v *string) { *v = strings.TrimSpace(*v) }
	for _, v := range []*string{&a.GivenName, &a.FamilyName, &a.Email, &a.StudentNumber, &a.Programme, &a.Cohort, &a.Motivation, &a.Experience} {
		trim(v)
	}
	var ds []app.Detail
	for _, f := range []struct {
		col, v string
	}{{"given_name", a.GivenName}, {"family_name", a.FamilyName}} {
		if f.v == "" || tooLong(f.v, MaxName) {
			ds = append(ds, detail(f.col, "recruit.bad_name", "required, at most 200 characters"))
		}
	}
	if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email || tooLong(a.Email, MaxName) {
		ds = append(ds, detail("email", "recruit.bad_email", "an e-mail address such as ola@student.uib.no"))
	}
	if a.StudentNumber == "" || tooLong(a.StudentNumber, 40) || strings.ContainsAny(a.StudentNumber, " \t") {
		ds = append(ds, detail("student_number", "recruit.bad_number", "your student number"))
	}
	if a.Cohort != "" && !roster.IsTerm(a.Cohort) {
		ds = append(ds, detail("cohort", "recruit.bad_cohort", "a start term such as 2024H"))
	}
	if a.Motivation == "" || tooLong(a.Motivation, MaxText) {
		ds = append(ds, detail("motivation", "recruit.bad_motivation", "why you want to be a mentor: required, at most 5000 characters"))
	}
	if tooLong(a.Experience, MaxText) {
		ds = append(ds, detail("experience", "recruit.too_long", "at most 5000 characters"))
	}
	var bad *app.Detail
	if a.CVName, bad = checkCV(a.CV, a.CVName); bad != nil {
		ds = append(ds, *bad)
	}
	var known []string
	if a.Programme != "" && p.AnyProgramme() {
		if known, err = s.store.FindProgrammeCodes(ctx, p.InstitutionID); err != nil {
			return Application{}, err
		}
	}
	if a.Programme, bad = p.choose(a.Programme, known); bad != nil {
		ds = append(ds, *bad)
	}
	slots := []string{}
	for _, sl := range a.Slots {
		switch {
		case !roster.IsSlot(sl):
			ds = append(ds, detail("slots", "recruit.bad_slot", fmt.Sprintf("no weekly slot %q", sl)))
		case !slices.Contains(slots, sl):
			slots = append(slots, sl)
		}
	}
	if len(ds) > 0 {
		return Application{}, &app.Error{Code: app.CodeInvalid, Key: "recruit.bad_application", Message: "the application cannot be sent", Details: ds}
	}
	a.Slots, a.PostingID, a.State = slots, p.ID, Submitted
	err = s.changes.AuditedChange(anonymousIn(ctx, p.InstitutionID), func(ctx context.Context) error {
		return s.store.CreateApplication(ctx, &a)
	}, "recruit.apply", fmt.Sprint(p.ID), "ok", "")
	return a, err
}

// anonymousIn is ctx for a change by someone not logged in (an applicant)
// to a posting of institution inst: its audit entry then belongs to the
// institution, with no account, so that its admins see it.
func anonymousIn(ctx context.Context, inst int64) context.Context {
	if app.ActorFrom(ctx) != nil {
		return ctx
	}
	return app.WithActor(ctx, &app.Actor{InstitutionID: inst})
}

// posting finds a posting the actor manages: forbidden to those who may
// see its program, not found to others.
func (s *Service) posting(ctx context.Context, id int64) (Posting, error) {
	p, err := s.store.FindPosting(ctx, id)
	if err != nil {
		return Posting{}, err
	}
	if _, err := s.manage(ctx, p.ProgramID, p.Year, false); err != nil {
		if app.ErrorCode(err) == app.CodeForbidden {
			return Posting{}, err
		}
		return Posting{}, app.NotFound("posting")
	}
	return p, nil
}

// Applications lists a posting's applications with their reviews, best
// mean score first (coordinators of its program).
func (s *Service) Applications(ctx context.Context, postingID int64) (Posting, []Application, error) {
	p, err := s.posting(ctx, postingID)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.read", fmt.Sprint(postingID), "denied", "")
	}
	if err != nil {
		return Posting{}, nil, err
	}
	as, err := s.store.FindApplications(ctx, postingID, 0)
	slices.SortStableFunc(as, func(x, y Application) int {
		switch {
		case x.Score() > y.Score():
			return -1
		case x.Score() < y.Score():
			return 1
		}
		return 0
	})
	return p, as, err
}

// application finds an application and its posting for a manager.
func (s *Service) application(ctx context.Context, id int64) (Posting, Application, error) {
	as, err := s.store.FindApplications(ctx, 0, id)
	if err != nil {
		return Posting{}, Application{}, err
	}
	if len(as) == 0 {
		return Posting{}, Application{}, app.NotFound("application")
	}
	p, err := s.posting(ctx, as[0].PostingID)
	return p, as[0], err
}

// Review records the actor's score (1–5) and comment on an application
// (coordinators of its program: the committee); a second review by the
// same member replaces the first.
func (s *Service) Review(ctx context.Context, id int64, score int, comment string) error {
	p, a, err := s.application(ctx, id)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.review", fmt.Sprint(id), "denied", "")
	}
	if err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	var ds []app.Detail
	if score < 1 || score > 5 {
		ds = append(ds, detail("score", "recruit.bad_score", "a score from 1 to 5"))
	}
	if tooLong(comment, MaxText) {
		ds = append(ds, detail("comment", "recruit.too_long", "at most 5000 characters"))
	}
	if len(ds) > 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "recruit.bad_review", Message: "the review cannot be saved", Details: ds}
	}
	actor := app.ActorFrom(ctx)
	if actor.AccountID == 0 {
		// A review is a committee member's: the system has no score to give.
		return app.Forbidden()
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.SaveReview(ctx, a.ID, actor.AccountID, score, comment)
	}, "recruit.review", fmt.Sprint(p.ID), "ok", fmt.Sprint(a.ID))
}

// Decide records a decision on an application: offered (and the
// applicant is mailed a link to answer by), accepted or declined (the
// applicant's answer to an offer, as they gave it, by phone say), or
// rejected. Any other move from its state is a conflict.
func (s *Service) Decide(ctx context.Context, id int64, state string) error {
	p, a, err := s.application(ctx, id)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.decide", fmt.Sprint(id), "denied", "")
	}
	if err != nil {
		return err
	}
	if !slices.Contains([]string{Offered, Accepted, Declined, Rejected}, state) {
		return &app.Error{Code: app.CodeInvalid, Key: "recruit.bad_state", Message: "state: offered, accepted, declined or rejected",
			Details: []app.Detail{detail("state", "recruit.bad_state", "offered, accepted, declined or rejected")}}
	}
	if !slices.Contains(moves[a.State], state) {
		return &app.Error{Code: app.CodeConflict, Key: "recruit.bad_move", Message: fmt.Sprintf("an application that is %s cannot be %s", a.State, state)}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		if err := s.store.SetState(ctx, a.ID, a.State, state); err != nil {
			return err
		}
		if state == Offered && s.mailing.Queue != nil {
			// The applicant is mailed a link to answer by (SendOffer).
			return s.mailing.Queue.EnqueueOffer(ctx, a.ID)
		}
		return nil
	}, "recruit.decide", fmt.Sprint(p.ID), state, fmt.Sprint(a.ID))
}

// Hire makes an accepted applicant a mentor of the posting's program year,
// with the posting's contract period and rate: they are in the mentor list
// the allocation uses from then on.
func (s *Service) Hire(ctx context.Context, id int64) (int64, error) {
	p, a, err := s.application(ctx, id)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.hire", fmt.Sprint(id), "denied", "")
	}
	if err != nil {
		return 0, err
	}
	if a.State != Accepted {
		return 0, &app.Error{Code: app.CodeConflict, Key: "recruit.not_accepted", Message: "only an accepted offer is hired"}
	}
	var pid int64
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		pid, err = s.store.Hire(ctx, p, a)
		return err
	}, "recruit.hire", fmt.Sprint(p.ID), "ok", fmt.Sprint(a.ID))
	return pid, err
}

// Former is a mentor of an earlier year who is not a mentor this year: a
// suggestion to invite back.
type Former struct {
	PersonID int64
	Year     int // the latest year they mentored
	Name     string
	Email    string
}

// Continuity is what keeps a program from losing its mentors all at once:
// how many contracts end in each term, and a warning when more than half of
// the year's mentors end in one (stagger recruitment); and the earlier
// mentors to invite back.
type Continuity struct {
	Mentors int
	ByTerm  map[string]int // "2027V" → contracts ending then
	Terms   []string       // in order
	Warn    string         // the term more than half end in; "" for none
	Former  []Former
}

// Term is the term a day falls in: V (spring) to June, H (autumn) after.
func Term(t time.Time) string {
	if t.Month() <= time.June {
		return fmt.Sprintf("%dV", t.Year())
	}
	return fmt.Sprintf("%dH", t.Year())
}

// Continuity reports the program's current year (coordinators).
func (s *Service) Continuity(ctx context.Context, programID int64) (Continuity, error) {
	part, err := s.manage(ctx, programID, 0, false)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.read", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return Continuity{}, err
	}
	n, ends, former, err := s.store.FindContinuity(ctx, programID, part.Year)
	if err != nil {
		return Continuity{}, err
	}
	c := Continuity{Mentors: n, ByTerm: map[string]int{}, Former: former}
	for _, e := range ends {
		c.ByTerm[Term(e)]++
	}
	c.Terms, c.Warn = warnTerm(n, c.ByTerm)
	return c, nil
}

// warnTerm orders the terms (spring before autumn) and names the one in
// which the contracts of more than half of n mentors end, if any.
func warnTerm(n int, byTerm map[string]int) (terms []string, warn string) {
	for t, k := range byTerm {
		terms = append(terms, t)
		if 2*k > n {
			warn = t // at most one term can hold more than half
		}
	}
	// "2027V" is spring, "2027H" autumn: V before H in a year.
	slices.SortFunc(terms, func(a, b string) int {
		if a[:4] != b[:4] {
			return strings.Compare(a[:4], b[:4])
		}
		return -strings.Compare(a[4:], b[4:])
	})
	return terms, warn
}

// CV returns an application's CV (coordinators of its program); not found
// when it has none.
func (s *Service) CV(ctx context.Context, id int64) ([]byte, string, error) {
	_, a, err := s.application(ctx, id)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "recruit.read", fmt.Sprint(id), "denied", "cv")
	}
	if err != nil {
		return nil, "", err
	}
	if a.CVName == "" {
		return nil, "", app.NotFound("cv")
	}
	return s.store.FindCV(ctx, id)
}
