package recruit_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/mail"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// A posting's rows of positions are checked one by one: each bad row is
// named by its number and programme. A good posting keeps its rows in
// order and sums them up in the old single figure; applicants choose
// among its programmes (any of the institution's with an "any" row); the
// offers are counted per row, and more offers than positions is shown.
func TestPositionsPerProgramme(t *testing.T) {
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	rc := svc.Recruit
	draft := recruit.PostingDraft{Title: "Mentorer", StartsOn: testutil.Epoch.Add(30 * 24 * time.Hour), EndsOn: testutil.Epoch.Add(300 * 24 * time.Hour),
		Deadline: testutil.Epoch.Add(72 * time.Hour), Hourly: 200}

	bad := draft
	bad.Programmes = []recruit.Position{{ProgrammeCode: "BAMN-BIO", Count: 2}, {ProgrammeCode: "BAMN-BIO", Count: 1},
		{ProgrammeCode: "BAMN-NOPE", Count: 1}, {ProgrammeCode: "", Count: 0}, {ProgrammeCode: "BAMN-KJEM", Count: 1001}}
	_, err := rc.CreatePosting(coord, pilot, bad)
	if app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a posting with bad rows: %v", err)
	}
	got := map[int]string{}
	for _, d := range app.AsError(err).Details {
		if d.Column == "positions" {
			got[d.Line] = d.Key + " " + fmt.Sprint(d.Args["Code"])
		}
	}
	want := map[int]string{2: "recruit.row_twice BAMN-BIO", 3: "recruit.unknown_programme BAMN-NOPE", 4: "recruit.bad_row_positions *", 5: "recruit.bad_row_positions BAMN-KJEM"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the bad rows named: %v, want %v", got, want)
	}
	none := draft
	if _, err := rc.CreatePosting(coord, pilot, none); app.ErrorCode(err) != app.CodeInvalid || app.AsError(err).Details[0].Key != "recruit.no_positions" {
		t.Errorf("a posting without positions: %v", err)
	}

	good := draft
	good.Programmes = []recruit.Position{{ProgrammeCode: "BAMN-BIO", Count: 2}, {ProgrammeCode: " BAMN-KJEM ", Count: 1}, {Count: 1}}
	p, err := rc.CreatePosting(coord, pilot, good)
	if err != nil {
		t.Fatal(err)
	}
	read, err := rc.PublicPosting(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	codes := func(rows []recruit.Position) (out []string) {
		for _, r := range rows {
			out = append(out, fmt.Sprintf("%s=%d", r.ProgrammeCode, r.Count))
		}
		return out
	}
	if !slices.Equal(codes(read.Programmes), []string{"BAMN-BIO=2", "BAMN-KJEM=1", "=1"}) || read.Positions != 4 || read.ProgrammeCode != "" {
		t.Fatalf("the posting read back: %v, %d positions, programme %q", codes(read.Programmes), read.Positions, read.ProgrammeCode)
	}
	// An "any" row takes any programme of the institution, not one it lacks.
	apply := func(postingID int64, n int, programme string) (recruit.Application, error) {
		return rc.Apply(context.Background(), postingID, recruit.Application{GivenName: "Søker", FamilyName: fmt.Sprint(n),
			Email: fmt.Sprintf("s%d@student.uib.no", n), StudentNumber: fmt.Sprint(660000 + n), Programme: programme, Motivation: "Jeg vil."})
	}
	var offered []int64
	for i, pr := range []string{"BAMN-BIO", "BAMN-BIO", "BAMN-BIO", "BAMN-MAT"} {
		a, err := apply(p.ID, i, pr)
		if err != nil {
			t.Fatalf("applying from %s: %v", pr, err)
		}
		offered = append(offered, a.ID)
	}
	if _, err := apply(p.ID, 9, "BAMN-NOPE"); app.ErrorCode(err) != app.CodeInvalid || app.AsError(err).Details[0].Column != "programme_code" {
		t.Errorf("applying from a programme the institution lacks: %v", err)
	}
	for _, id := range offered {
		if err := rc.Decide(coord, id, recruit.Offered); err != nil {
			t.Fatal(err)
		}
	}
	_, as, err := rc.Applications(coord, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	tally := recruit.Tally(read, as)
	if tally[0].Offered != 3 || !tally[0].Over() || tally[1].Offered != 0 || tally[1].Over() || tally[2].Offered != 1 || tally[2].Over() {
		t.Errorf("the tally: %+v", tally)
	}

	// Without an "any" row, only the posting's programmes; none chosen
	// takes the only row's.
	one := draft
	one.ProgrammeCode, one.Positions = "BAMN-KJEM", 2
	q, err := rc.CreatePosting(coord, pilot, one)
	if err != nil || len(q.Programmes) != 1 || q.Programmes[0].ProgrammeCode != "BAMN-KJEM" {
		t.Fatalf("a posting of one programme: %+v %v", q, err)
	}
	if _, err := apply(q.ID, 20, "BAMN-BIO"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("applying from a programme the posting is not for: %v", err)
	}
	if a, err := apply(q.ID, 21, ""); err != nil || a.Programme != "BAMN-KJEM" {
		t.Errorf("applying without a programme: %+v %v", a, err)
	}
}

// fakeSender keeps the messages it is given.
type fakeSender struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (f *fakeSender) Send(_ context.Context, m mail.Message) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.msgs = append(f.msgs, m)
	return fmt.Sprintf("%d@test", len(f.msgs)), nil
}

var linkRE = regexp.MustCompile(`https://mentor\.example\.no/recruit/offer/([A-Za-z0-9_-]+)`)

// The link of an offer: mailed once per offer; it takes one answer
// (accept or decline), a second is a conflict; an unknown secret, the
// link of an offer rejected meanwhile, and an open offer's link after the
// contract has begun are not found.
func TestOfferTokenLifecycle(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	sys := app.WithActor(context.Background(), app.SystemActor)
	anon := context.Background()
	rc := svc.Recruit
	sender := &fakeSender{}
	rc.UseMail(recruit.Mailing{Sender: sender, BaseURL: "https://mentor.example.no/"})
	p, err := rc.CreatePosting(coord, pilot, recruit.PostingDraft{Title: "Mentorer", ProgrammeCode: "BAMN-BIO", Positions: 3,
		StartsOn: testutil.Epoch.Add(10 * 24 * time.Hour), EndsOn: testutil.Epoch.Add(300 * 24 * time.Hour), Deadline: testutil.Epoch.Add(72 * time.Hour), Hourly: 187.5})
	if err != nil {
		t.Fatal(err)
	}
	// offer applies, offers and mails; it returns the application and the link's secret.
	offer := func(n int) (int64, string) {
		t.Helper()
		a, err := rc.Apply(anon, p.ID, recruit.Application{GivenName: "Søker", FamilyName: fmt.Sprint(n), Email: fmt.Sprintf("s%d@student.uib.no", n),
			StudentNumber: fmt.Sprint(550000 + n), Motivation: "Jeg vil."})
		if err != nil {
			t.Fatal(err)
		}
		if err := rc.Decide(coord, a.ID, recruit.Offered); err != nil {
			t.Fatal(err)
		}
		before := len(sender.msgs)
		for range 2 { // the job run twice mails once
			if err := rc.SendOffer(sys, a.ID); err != nil {
				t.Fatal(err)
			}
		}
		if len(sender.msgs) != before+1 {
			t.Fatalf("%d mails for one offer", len(sender.msgs)-before)
		}
		m := sender.msgs[len(sender.msgs)-1]
		link := linkRE.FindStringSubmatch(m.Text)
		if m.To != a.Email || link == nil || len(link[1]) < 43 {
			t.Fatalf("the offer mail to %s:\n%s", m.To, m.Text)
		}
		return a.ID, link[1]
	}
	state := func(id int64) string {
		t.Helper()
		_, as, err := rc.Applications(coord, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(as, func(a recruit.Application) bool { return a.ID == id })
		return as[i].State
	}

	acc, accToken := offer(1)
	o, err := rc.FindOffer(anon, accToken)
	if err != nil || !o.Open() || o.Posting.Title != "Mentorer" || o.Programme != "BAMN-BIO" {
		t.Fatalf("the offer of the link: %+v %v", o, err)
	}
	if _, err := rc.AnswerOffer(anon, accToken, true); err != nil {
		t.Fatal(err)
	}
	if st := state(acc); st != recruit.Accepted {
		t.Errorf("after accepting: %s", st)
	}
	if _, err := rc.AnswerOffer(anon, accToken, false); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("a second answer: %v", err)
	}
	if o, err := rc.FindOffer(anon, accToken); err != nil || o.Open() || o.State != recruit.Accepted {
		t.Errorf("the answered offer's link: %+v %v", o, err)
	}
	if st := state(acc); st != recruit.Accepted {
		t.Errorf("after a second answer: %s", st)
	}

	dec, decToken := offer(2)
	if _, err := rc.AnswerOffer(anon, decToken, false); err != nil || state(dec) != recruit.Declined {
		t.Errorf("declining: %v, %s", err, state(dec))
	}

	for _, bad := range []string{"", "x", strings.Repeat("A", 43), accToken[:42] + "B", accToken + "A"} {
		if _, err := rc.AnswerOffer(anon, bad, true); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("the unknown secret %q: %v", bad, err)
		}
	}

	rej, rejToken := offer(3)
	if err := rc.Decide(coord, rej, recruit.Rejected); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.FindOffer(anon, rejToken); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("the link of a rejected offer: %v", err)
	}
	if _, err := rc.AnswerOffer(anon, rejToken, true); app.ErrorCode(err) != app.CodeNotFound || state(rej) != recruit.Rejected {
		t.Errorf("accepting a rejected offer: %v, %s", err, state(rej))
	}

	late, lateToken := offer(4)
	// An offer made up in code, not found by its secret, is not answered.
	if _, err := rc.Answer(anon, recruit.Offer{Application: late, State: recruit.Offered}, true); app.ErrorCode(err) != app.CodeNotFound || state(late) != recruit.Offered {
		t.Errorf("answering an offer not found by its link: %v, %s", err, state(late))
	}
	clock.Advance(10 * 24 * time.Hour) // the contract begins
	if _, err := rc.AnswerOffer(anon, lateToken, true); app.ErrorCode(err) != app.CodeNotFound || state(late) != recruit.Offered {
		t.Errorf("accepting after the contract began: %v, %s", err, state(late))
	}
	// By phone, the coordinator still records it.
	if err := rc.Decide(coord, late, recruit.Accepted); err != nil {
		t.Errorf("recording an answer given by phone: %v", err)
	}
}
