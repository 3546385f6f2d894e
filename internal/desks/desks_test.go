package desks_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var demoDB = &testutil.Template[*demo.Result]{
	Seed: func(ctx context.Context, s *server.Services) (*demo.Result, error) {
		return demo.Seed(ctx, s.Auth, s.Org, s.Programs, s.People, s.Training)
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoDB.Close()
	os.Exit(code)
}

// who is a participant and the context they act in.
type who struct {
	ref string
	ctx context.Context
}

// fixture is the demo with the pilot's coordinator, mentors and students
// and those of the medical program (another program).
type fixture struct {
	svc                       *server.Services
	clock                     *app.FakeClock
	desks                     *desks.Service
	pilot, med                int64
	coord                     context.Context
	mentors, students         []who // the pilot's
	otherMentor, otherStudent who   // the medical program's
	stranger                  context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	f := &fixture{svc: svc, clock: clock, desks: svc.Desks, pilot: res.Programs["uib-mn-pilot"].ID, med: res.Programs["uib-med-mentor"].ID}
	sys := app.WithActor(context.Background(), app.SystemActor)
	_, coord, err := svc.Auth.Login(context.Background(), "coordinator@demo.mentorhub.no", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	f.coord = app.WithActor(context.Background(), coord)
	inst := res.Institution.ID
	as := func(p people.Participant) who {
		return who{p.ExternalID, app.WithActor(context.Background(), &app.Actor{PersonID: p.PersonID, InstitutionID: inst, Name: p.ExternalID})}
	}
	list := func(prog int64, role string) []who {
		ps, err := svc.People.Participants(sys, prog, role)
		if err != nil || len(ps) < 2 {
			t.Fatalf("participants of %d: %v (%d)", prog, err, len(ps))
		}
		var out []who
		for _, p := range ps {
			out = append(out, as(p))
		}
		return out
	}
	f.mentors, f.students = list(f.pilot, people.Mentor), list(f.pilot, people.Student)
	f.otherMentor, f.otherStudent = list(f.med, people.Mentor)[0], list(f.med, people.Student)[0]
	f.stranger = app.WithActor(context.Background(), &app.Actor{PersonID: 0, InstitutionID: res.Other.ID, Name: "hvl"})
	return f
}

func code(err error) app.Code { return app.ErrorCode(err) }

func wantCode(t *testing.T, what string, err error, want app.Code) {
	t.Helper()
	if code(err) != want {
		t.Errorf("%s: %v, want %s", what, err, want)
	}
}

// The biORAKEL desk: a weekly Wednesday slot 14–17, three mentors on
// duty, five in the pool.
func (f *fixture) desk(t *testing.T, pool int) desks.Desk {
	t.Helper()
	var refs []string
	for _, m := range f.mentors[:pool] {
		refs = append(refs, m.ref)
	}
	d, err := f.desks.CreateDesk(f.coord, f.pilot, desks.DeskDraft{Name: "biORAKEL", Place: "Realfagbygget", OnDuty: 3,
		Slots: []desks.Slot{{Weekday: 3, Starts: "14:00", Ends: "17:00"}}, Mentors: refs})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var osloZone, _ = time.LoadLocation("Europe/Oslo")

// A rota of five mentors with three on duty goes round: over five shifts
// every mentor is on duty three times, shift k has mentors k·3 … k·3+2
// (mod 5), all at Wednesday 14:00–17:00 Oslo time; a second rota over the
// same weeks adds nothing and the next weeks continue the round.
func TestRotaIsRoundRobinWithNOnDuty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	d := f.desk(t, 5)
	from := time.Date(2026, 8, 17, 0, 0, 0, 0, osloZone) // a Monday
	shifts, err := f.desks.GenerateRota(f.coord, d.ID, from, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(shifts) != 5 {
		t.Fatalf("%d shifts, want 5", len(shifts))
	}
	times := map[string]int{}
	for k, sh := range shifts {
		local := sh.StartsAt.In(osloZone)
		if local.Weekday() != time.Wednesday || local.Hour() != 14 || sh.EndsAt.Sub(sh.StartsAt) != 3*time.Hour {
			t.Errorf("shift %d at %v–%v, want a Wednesday 14–17", k, local, sh.EndsAt.In(osloZone))
		}
		if want := from.AddDate(0, 0, 2+7*k); local.YearDay() != want.YearDay() {
			t.Errorf("shift %d on %v, want %v", k, local, want)
		}
		if len(sh.OnDuty) != 3 {
			t.Fatalf("shift %d has %d on duty", k, len(sh.OnDuty))
		}
		seen := map[string]bool{}
		for j, du := range sh.OnDuty {
			if want := f.mentors[(k*3+j)%5].ref; du.Ref != want {
				t.Errorf("shift %d duty %d: %s, want %s", k, j, du.Ref, want)
			}
			if seen[du.Ref] {
				t.Errorf("shift %d has %s twice", k, du.Ref)
			}
			seen[du.Ref] = true
			times[du.Ref]++
		}
	}
	for _, m := range f.mentors[:5] {
		if times[m.ref] != 3 {
			t.Errorf("%s on duty %d times in five shifts, want 3", m.ref, times[m.ref])
		}
	}
	again, err := f.desks.GenerateRota(f.coord, d.ID, from, 5)
	if err != nil || len(again) != 0 {
		t.Errorf("the same weeks again: %d shifts, %v", len(again), err)
	}
	next, err := f.desks.GenerateRota(f.coord, d.ID, from.AddDate(0, 0, 35), 1)
	if err != nil || len(next) != 1 || next[0].OnDuty[0].Ref != f.mentors[0].ref {
		t.Fatalf("the next week continues with the first mentor: %+v %v", next, err)
	}
	stored, err := f.desks.Shifts(f.coord, d.ID)
	if err != nil || len(stored) != 6 {
		t.Fatalf("stored shifts: %d %v", len(stored), err)
	}

	// Shifts count for pay once begun: by 27 August the shifts of 19 and
	// 26 August (mentors 0, 1, 2 and 3, 4, 0).
	f.clock.Advance(time.Date(2026, 8, 27, 0, 0, 0, 0, osloZone).Sub(f.clock.Now()))
	counts, err := f.desks.Counts(f.coord, f.pilot)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{f.mentors[0].ref: 2, f.mentors[1].ref: 1, f.mentors[2].ref: 1, f.mentors[3].ref: 1, f.mentors[4].ref: 1}
	got := map[string]int{}
	for _, c := range counts {
		if c.Category != desks.CategoryShift || c.Month != "2026-08" {
			t.Errorf("count %+v", c)
		}
		got[c.Mentor.Ref] += c.Count
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shift counts %v, want %v", got, want)
	}

	// Only a coordinator makes desks and rotas; a desk with fewer mentors
	// than on duty has no rota.
	_, err = f.desks.GenerateRota(f.mentors[0].ctx, d.ID, from, 1)
	wantCode(t, "a mentor makes the rota", err, app.CodeForbidden)
	_, err = f.desks.CreateDesk(f.mentors[0].ctx, f.pilot, desks.DeskDraft{Name: "x", OnDuty: 1, Slots: d.Slots})
	wantCode(t, "a mentor makes a desk", err, app.CodeForbidden)
	small := f.desk(t, 2)
	_, err = f.desks.GenerateRota(f.coord, small.ID, from, 1)
	wantCode(t, "two mentors for three on duty", err, app.CodeInvalid)
	_, err = f.desks.CreateDesk(f.coord, f.pilot, desks.DeskDraft{Name: "x", OnDuty: 1, Slots: d.Slots, Mentors: []string{f.otherMentor.ref}})
	wantCode(t, "a mentor of another program in the pool", err, app.CodeInvalid)
	_, err = f.desks.CreateDesk(f.coord, f.pilot, desks.DeskDraft{Name: "x", OnDuty: 1, Slots: d.Slots, Mentors: make([]string, 101)})
	if e := app.AsError(err); e == nil || len(e.Details) == 0 || e.Details[0].Column != "mentors" {
		t.Errorf("a pool of 101 mentors: %v, want invalid mentors", err)
	}
	// Another program's people do not see the desk.
	_, err = f.desks.Shifts(f.otherMentor.ctx, d.ID)
	wantCode(t, "another program's mentor", err, app.CodeNotFound)
	_, err = f.desks.Shifts(f.otherStudent.ctx, d.ID)
	wantCode(t, "another program's student", err, app.CodeNotFound)
	if _, err := f.desks.Shifts(f.students[0].ctx, d.ID); err != nil {
		t.Errorf("the program's student reads the shifts: %v", err)
	}
}

// A mentor on duty offers their duty, a mentor of the desk takes it (of
// several taking at once, one does), the shift's SEQUENCE grows; a
// coordinator reassigns; others may not.
func TestShiftSwaps(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	d := f.desk(t, 5)
	shifts, err := f.desks.GenerateRota(f.coord, d.ID, time.Date(2026, 8, 17, 0, 0, 0, 0, osloZone), 1)
	if err != nil {
		t.Fatal(err)
	}
	sh := shifts[0] // mentors 0, 1, 2 on duty; 3 and 4 free
	a, b, c := f.mentors[0], f.mentors[3], f.mentors[4]
	_, err = f.desks.Swap(b.ctx, sh.ID, desks.SwapOffer, "", "")
	wantCode(t, "offering a duty one does not have", err, app.CodeForbidden)
	_, err = f.desks.Swap(b.ctx, sh.ID, desks.SwapTake, "", "")
	wantCode(t, "taking without an offer", err, app.CodeConflict)
	if _, err := f.desks.Swap(a.ctx, sh.ID, desks.SwapOffer, "", ""); err != nil {
		t.Fatal(err)
	}
	_, err = f.desks.Swap(f.mentors[1].ctx, sh.ID, desks.SwapTake, "", "")
	wantCode(t, "a mentor on duty takes another's duty", err, app.CodeConflict)
	_, err = f.desks.Swap(f.mentors[6].ctx, sh.ID, desks.SwapTake, "", "")
	wantCode(t, "a mentor outside the desk's pool", err, app.CodeForbidden)
	_, err = f.desks.Swap(f.otherMentor.ctx, sh.ID, desks.SwapTake, "", "")
	wantCode(t, "another program's mentor", err, app.CodeNotFound)

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, m := range []who{b, c} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.desks.Swap(m.ctx, sh.ID, desks.SwapTake, "", "")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch code(err) {
		case "":
			won++
		case app.CodeConflict:
		default:
			t.Errorf("take: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d mentors took the one offered duty, want 1 (%v)", won, errs)
	}
	got, err := f.desks.Shifts(f.coord, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]bool{}
	for _, du := range got[0].OnDuty {
		on[du.Ref] = true
	}
	if on[a.ref] || len(on) != 3 || !(on[b.ref] || on[c.ref]) || got[0].Sequence != 1 {
		t.Errorf("after the swap: %+v (sequence %d)", got[0].OnDuty, got[0].Sequence)
	}
	// The coordinator gives mentor 1's duty to mentor 0.
	if _, err := f.desks.Swap(f.coord, sh.ID, desks.SwapReassign, f.mentors[1].ref, a.ref); err != nil {
		t.Fatal(err)
	}
	_, err = f.desks.Swap(f.coord, sh.ID, desks.SwapReassign, f.mentors[1].ref, a.ref)
	wantCode(t, "reassigning a duty the mentor no longer has", err, app.CodeInvalid)
	_, err = f.desks.Swap(f.mentors[2].ctx, sh.ID, desks.SwapReassign, f.mentors[2].ref, b.ref)
	wantCode(t, "a mentor reassigns", err, app.CodeForbidden)
}

// The visitor log: a student of the program checks in while the desk is
// open, once; a mentor of the desk adds an anonymous count with a tag.
func TestVisitorLog(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	d := f.desk(t, 3)
	shifts, err := f.desks.GenerateRota(f.coord, d.ID, testutil.Epoch, 1)
	if err != nil {
		t.Fatal(err)
	}
	sh := shifts[0]
	s := f.students[0]
	_, _, err = f.desks.AddVisit(s.ctx, sh.ID, desks.VisitDraft{})
	wantCode(t, "a check-in days before the shift", err, app.CodeConflict)
	f.clock.Advance(sh.StartsAt.Sub(f.clock.Now()) + time.Hour)
	v, created, err := f.desks.AddVisit(s.ctx, sh.ID, desks.VisitDraft{Topic: "exam"})
	if err != nil || !created || v.Visitors != 1 {
		t.Fatalf("check-in: %+v %v %v", v, created, err)
	}
	if _, created, err := f.desks.AddVisit(s.ctx, sh.ID, desks.VisitDraft{Topic: "exam"}); err != nil || created {
		t.Errorf("a second check-in: created %v, %v", created, err)
	}
	_, _, err = f.desks.AddVisit(f.otherStudent.ctx, sh.ID, desks.VisitDraft{})
	wantCode(t, "another program's student", err, app.CodeNotFound)
	_, _, err = f.desks.AddVisit(f.otherMentor.ctx, sh.ID, desks.VisitDraft{Visitors: 2, Topic: "exam"})
	wantCode(t, "another program's mentor", err, app.CodeNotFound)
	_, _, err = f.desks.AddVisit(f.mentors[4].ctx, sh.ID, desks.VisitDraft{Visitors: 2, Topic: "exam"})
	wantCode(t, "a mentor outside the desk", err, app.CodeForbidden)
	_, _, err = f.desks.AddVisit(f.mentors[0].ctx, sh.ID, desks.VisitDraft{Visitors: 2, Topic: "health"})
	wantCode(t, "a topic outside the vocabulary", err, app.CodeInvalid)
	if _, _, err := f.desks.AddVisit(f.mentors[0].ctx, sh.ID, desks.VisitDraft{Visitors: 4, Topic: "assignment"}); err != nil {
		t.Fatal(err)
	}
	log, err := f.desks.Visits(f.mentors[1].ctx, sh.ID)
	if err != nil || len(log) != 2 || log[0].Student == nil || log[0].Student.Ref != s.ref || log[1].Student != nil || log[1].Visitors != 4 {
		t.Errorf("the log: %+v %v", log, err)
	}
	_, err = f.desks.Visits(s.ctx, sh.ID)
	wantCode(t, "a student reads the log", err, app.CodeForbidden)
	all, _ := f.desks.Shifts(f.coord, d.ID)
	if all[0].Visitors != 5 {
		t.Errorf("visitors %d, want 5", all[0].Visitors)
	}
}

// Of many mentors claiming one text at once exactly one wins; a repeat by
// the winner is no change; only the claimer returns feedback, which the
// student then sees; returned items count per mentor and Oslo month.
func TestFeedbackQueueClaimIsRaceSafeAndCounted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.students[0]
	it, err := f.desks.Submit(s.ctx, f.pilot, "", "Lab report", "My report on enzyme kinetics.\r\nSecond line.")
	if err != nil {
		t.Fatal(err)
	}
	if it.State != "open" || it.Body != "My report on enzyme kinetics.\nSecond line." {
		t.Errorf("submitted: %+v", it)
	}
	_, err = f.desks.Submit(f.otherStudent.ctx, f.pilot, "", "x", "y")
	if c := code(err); c != app.CodeForbidden && c != app.CodeNotFound {
		t.Errorf("another program's student submits: %v", err)
	}
	_, err = f.desks.Submit(s.ctx, f.pilot, "", "Too long", string(make([]rune, desks.MaxText+1)))
	wantCode(t, "a text over the limit", err, app.CodeInvalid)
	_, _, err = f.desks.Claim(f.otherMentor.ctx, it.ID)
	wantCode(t, "another program's mentor claims", err, app.CodeNotFound)
	_, _, err = f.desks.Claim(s.ctx, it.ID)
	wantCode(t, "a student claims", err, app.CodeForbidden)
	_, err = f.desks.Item(f.students[1].ctx, it.ID)
	wantCode(t, "another student reads the text", err, app.CodeNotFound)
	// A researcher of the institution sees the program but has no part in
	// its year: the text does not exist for them.
	inst := app.ActorFrom(f.coord).InstitutionID
	researcher := app.WithActor(context.Background(), &app.Actor{PersonID: 0, InstitutionID: inst, Name: "researcher",
		Grants: []app.Grant{{Role: app.RoleResearcher, InstitutionID: inst}}})
	_, err = f.desks.Item(researcher, it.ID)
	wantCode(t, "a researcher without a part reads the text", err, app.CodeNotFound)

	n := len(f.mentors)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, m := range f.mentors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = f.desks.Claim(m.ctx, it.ID)
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch code(err) {
		case "":
			if winner >= 0 {
				t.Errorf("both %s and %s claimed", f.mentors[winner].ref, f.mentors[i].ref)
			}
			winner = i
		case app.CodeConflict:
		default:
			t.Errorf("claim: %v", err)
		}
	}
	if winner < 0 {
		t.Fatalf("nobody claimed of %d mentors", n)
	}
	w := f.mentors[winner]
	if got, claimed, err := f.desks.Claim(w.ctx, it.ID); err != nil || claimed || got.ClaimedBy.Ref != w.ref {
		t.Errorf("the winner's repeat: %+v %v %v", got, claimed, err)
	}
	loser := f.mentors[(winner+1)%n]
	_, err = f.desks.Return(loser.ctx, it.ID, "Nice")
	wantCode(t, "another mentor returns", err, app.CodeConflict)
	// The service refuses it, not only the store's guard on the update.
	if e := app.AsError(err); e == nil || e.Key != "feedback.not_yours" {
		t.Errorf("another mentor returns: %v, want feedback.not_yours", err)
	}
	_, err = f.desks.Return(w.ctx, it.ID, "  ")
	wantCode(t, "empty feedback", err, app.CodeInvalid)
	// Returned in September (Oslo), then two more in October.
	f.clock.Advance(time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC).Sub(f.clock.Now())) // 1 October 01:30 in Oslo
	if _, err := f.desks.Return(w.ctx, it.ID, "Good structure; cite the method."); err != nil {
		t.Fatal(err)
	}
	_, err = f.desks.Return(w.ctx, it.ID, "again")
	wantCode(t, "returning twice", err, app.CodeConflict)
	mine, _, err := f.desks.Queue(s.ctx, f.pilot)
	if err != nil || len(mine) != 1 || mine[0].Feedback != "Good structure; cite the method." || mine[0].State != "returned" {
		t.Fatalf("the student's queue: %+v %v", mine, err)
	}
	theirs, _, err := f.desks.Queue(f.students[1].ctx, f.pilot)
	if err != nil || len(theirs) != 0 {
		t.Errorf("another student's queue: %+v %v", theirs, err)
	}
	for i := range 2 {
		x, err := f.desks.Submit(f.students[1].ctx, f.pilot, "written_work", "Essay", "text")
		if err != nil {
			t.Fatal(err)
		}
		m := []who{w, loser}[i]
		if _, _, err := f.desks.Claim(m.ctx, x.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.desks.Return(m.ctx, x.ID, "ok"); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := f.desks.Counts(f.coord, f.pilot)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{w.ref + " 2026-10": 2, loser.ref + " 2026-10": 1}
	if len(counts) != len(want) {
		t.Errorf("counts %+v, want %v", counts, want)
	}
	for _, c := range counts {
		if want[c.Mentor.Ref+" "+c.Month] != c.Count || c.Category != "feedback" {
			t.Errorf("count %+v, want %v", c, want)
		}
	}
	_, err = f.desks.Counts(w.ctx, f.pilot)
	wantCode(t, "a mentor reads the pay counts", err, app.CodeForbidden)
}

// Of many students booking one office hour at once exactly one gets it;
// cancelling frees it; both parties' feeds show the appointment, a
// cancelled one as cancelled with a higher sequence.
func TestOfficeHourBookingIsRaceSafeAndInBothFeeds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.mentors[0]
	start := testutil.Epoch.Add(48 * time.Hour)
	o, err := f.desks.PublishOfficeHour(m.ctx, f.pilot, desks.OfficeHourDraft{StartsAt: start, Minutes: 30, Place: "Room 2"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.desks.PublishOfficeHour(f.students[0].ctx, f.pilot, desks.OfficeHourDraft{StartsAt: start, Minutes: 30, Place: "x"})
	wantCode(t, "a student publishes", err, app.CodeForbidden)
	_, err = f.desks.Book(f.otherStudent.ctx, o.ID)
	wantCode(t, "another program's student books", err, app.CodeNotFound)
	_, err = f.desks.Book(f.mentors[1].ctx, o.ID)
	wantCode(t, "a mentor books", err, app.CodeForbidden)

	n := 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.desks.Book(f.students[i].ctx, o.ID)
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch code(err) {
		case "":
			if winner >= 0 {
				t.Errorf("both %d and %d booked", winner, i)
			}
			winner = i
		case app.CodeConflict:
		default:
			t.Errorf("book: %v", err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody booked")
	}
	s := f.students[winner]
	other := f.students[(winner+1)%n]
	got, err := f.desks.OfficeHours(other.ctx, f.pilot)
	if err != nil || len(got) != 1 || !got[0].Booked || got[0].Booking != nil {
		t.Errorf("another student sees the slot booked, not by whom: %+v %v", got, err)
	}
	mine, err := f.desks.OfficeHours(m.ctx, f.pilot)
	if err != nil || len(mine) != 1 || mine[0].Booking == nil || mine[0].Booking.Student.Ref != s.ref {
		t.Fatalf("the mentor sees the booking: %+v %v", mine, err)
	}
	apptID := mine[0].Booking.ID

	feed := func(c who) []desks.Event {
		t.Helper()
		sec, err := f.svc.Sessions.MySecret(c.ctx)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := f.desks.Feed(context.Background(), sec)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	find := func(evs []desks.Event, kind string, id int64) *desks.Event {
		for i := range evs {
			if evs[i].Kind == kind && evs[i].ID == id {
				return &evs[i]
			}
		}
		return nil
	}
	for _, c := range []who{s, m} {
		e := find(feed(c), desks.EventAppointment, apptID)
		if e == nil || e.Cancelled || !e.Start.Equal(start) || e.Location != "Room 2" {
			t.Errorf("%s's feed: appointment %+v", c.ref, e)
		}
	}
	if find(feed(m), desks.EventOfficeHour, o.ID) == nil {
		t.Error("the mentor's feed lacks the office hour")
	}
	if e := find(feed(other), desks.EventAppointment, apptID); e != nil {
		t.Errorf("another student's feed has the appointment: %+v", e)
	}

	_, err = f.desks.CancelOfficeHour(other.ctx, o.ID)
	wantCode(t, "a student who did not book cancels", err, app.CodeConflict)
	if _, err := f.desks.CancelOfficeHour(s.ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []who{s, m} {
		e := find(feed(c), desks.EventAppointment, apptID)
		if e == nil || !e.Cancelled || e.Sequence != 1 {
			t.Errorf("%s's feed after cancelling: %+v", c.ref, e)
		}
	}
	if _, err := f.desks.Book(other.ctx, o.ID); err != nil {
		t.Errorf("booking the freed slot: %v", err)
	}
	if _, err := f.desks.CancelOfficeHour(m.ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if e := find(feed(m), desks.EventOfficeHour, o.ID); e == nil || !e.Cancelled || e.Sequence != 1 {
		t.Errorf("the cancelled office hour in the mentor's feed: %+v", e)
	}
	_, err = f.desks.Book(f.students[0].ctx, o.ID)
	if c := code(err); c != app.CodeConflict && c != app.CodeNotFound {
		t.Errorf("booking a cancelled slot: %v", err)
	}
}

// Talks are recorded as held (no content); the reflection note by the
// program only; each sees their own.
func TestTalksAndReflectionNotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m, s := f.mentors[0], f.students[0]
	held := testutil.Epoch.Add(-24 * time.Hour)
	tk, err := f.desks.RecordTalk(m.ctx, f.pilot, "", s.ref, held, 45)
	if err != nil || tk.Mentor.Ref != m.ref || tk.Student.Ref != s.ref || tk.Minutes != 45 {
		t.Fatalf("talk: %+v %v", tk, err)
	}
	_, err = f.desks.RecordTalk(m.ctx, f.pilot, "", f.otherStudent.ref, held, 45)
	wantCode(t, "a talk with another program's student", err, app.CodeInvalid)
	_, err = f.desks.RecordTalk(s.ctx, f.pilot, "", s.ref, held, 45)
	wantCode(t, "a student records a talk", err, app.CodeForbidden)
	_, err = f.desks.RecordTalk(f.otherMentor.ctx, f.pilot, "", s.ref, held, 45)
	if c := code(err); c != app.CodeForbidden && c != app.CodeNotFound {
		t.Errorf("another program's mentor records a talk: %v", err)
	}
	_, err = f.desks.RecordTalk(m.ctx, f.pilot, "", s.ref, testutil.Epoch.Add(72*time.Hour), 45)
	wantCode(t, "a talk in the future", err, app.CodeInvalid)
	if _, err := f.desks.RecordTalk(f.coord, f.pilot, f.mentors[1].ref, f.students[1].ref, held, 30); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who  context.Context
		want int
	}{{f.coord, 2}, {m.ctx, 1}, {s.ctx, 1}, {f.students[2].ctx, 0}} {
		got, err := f.desks.Talks(c.who, f.pilot)
		if err != nil || len(got) != c.want {
			t.Errorf("talks: %d %v, want %d", len(got), err, c.want)
		}
	}
	counts, err := f.desks.Counts(f.coord, f.pilot)
	if err != nil || len(counts) != 2 {
		t.Fatalf("talk counts: %+v %v", counts, err)
	}
	for _, c := range counts {
		if c.Category != desks.CategoryTalk || c.Month != "2026-08" || c.Count != 1 || (c.Mentor.Ref != m.ref && c.Mentor.Ref != f.mentors[1].ref) {
			t.Errorf("talk count %+v", c)
		}
	}
	on := testutil.Epoch
	_, err = f.desks.RecordNote(m.ctx, f.pilot, m.ref, "approved", on, true)
	wantCode(t, "a mentor records their own note", err, app.CodeForbidden)
	_, err = f.desks.RecordNote(f.coord, f.pilot, m.ref, "received", on, true)
	wantCode(t, "credits for a note not approved", err, app.CodeInvalid)
	if _, err := f.desks.RecordNote(f.coord, f.pilot, m.ref, "received", on, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desks.RecordNote(f.coord, f.pilot, m.ref, "approved", on.Add(24*time.Hour), true); err != nil {
		t.Fatal(err)
	}
	notes, err := f.desks.Notes(m.ctx, f.pilot)
	if err != nil || len(notes) != 1 || notes[0].State != "approved" || !notes[0].Credit {
		t.Errorf("the mentor's note: %+v %v", notes, err)
	}
	if others, err := f.desks.Notes(f.mentors[1].ctx, f.pilot); err != nil || len(others) != 0 {
		t.Errorf("another mentor sees %+v %v", others, err)
	}
	_, err = f.desks.RecordNote(f.coord, f.pilot, f.otherMentor.ref, "received", on, false)
	wantCode(t, "a note of another program's mentor", err, app.CodeInvalid)
}
