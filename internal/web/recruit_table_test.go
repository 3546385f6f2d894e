package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

var (
	recruitMu    sync.Mutex
	recruitCount = map[*tableEnv]int{}
)

// newApplication makes a fresh open posting of the program with a fresh
// application in the state asked for, and returns both ids.
func (e *tableEnv) newApplication(t *testing.T, prog int64, state string) (posting, application int64) {
	return e.newApplicationCV(t, prog, state, nil)
}

// newApplicationCV is newApplication with a CV attached.
func (e *tableEnv) newApplicationCV(t *testing.T, prog int64, state string, cv []byte) (posting, application int64) {
	t.Helper()
	recruitMu.Lock()
	defer recruitMu.Unlock()
	e.dirty = true
	n := recruitCount[e]
	recruitCount[e] = n + 1
	sys := app.WithActor(context.Background(), app.SystemActor)
	now := e.app.Clock.Now()
	p, err := e.app.Recruit.CreatePosting(sys, prog, recruit.PostingDraft{Title: "Mentorer", Positions: 2, StartsOn: now, EndsOn: now.Add(300 * 24 * time.Hour),
		Deadline: now.Add(72 * time.Hour), Hourly: 200})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.app.Recruit.Apply(context.Background(), p.ID, recruit.Application{GivenName: "Søker", FamilyName: fmt.Sprint(n),
		Email: fmt.Sprintf("soker%d@student.test.example", n), StudentNumber: fmt.Sprintf("880%03d", n), Motivation: "Jeg vil være mentor.",
		CV: cv, CVName: "cv.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range map[string][]string{recruit.Offered: {recruit.Offered}, recruit.Accepted: {recruit.Offered, recruit.Accepted}}[state] {
		if err := e.app.Recruit.Decide(sys, a.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	return p.ID, a.ID
}

func isRecruitPath(path string) bool {
	return strings.HasPrefix(path, "/api/v1/postings/") || strings.HasPrefix(path, "/api/v1/applications/") || strings.HasPrefix(path, "/recruit/")
}

// recruitID is a fresh object of the pilot for a recruiting path: an
// accepted application to hire, a submitted one otherwise, or its posting.
func (e *tableEnv) recruitID(t *testing.T, path string, prog int64) string {
	state := recruit.Submitted
	if strings.HasSuffix(path, "/hire") {
		state = recruit.Accepted
	}
	p, a := e.newApplication(t, prog, state)
	if strings.HasPrefix(path, "/api/v1/applications/") {
		return fmt.Sprint(a)
	}
	return fmt.Sprint(p)
}

// recruitIDOR calls a recruiting route with the medical program's object,
// as the pilot's coordinator.
func (e *tableEnv) recruitIDOR(t *testing.T, path string) []idorCase {
	other := e.recruitID(t, path, e.demo.Programs["uib-med-mentor"].ID)
	return []idorCase{{"coordinator", "another program's posting or application", map[string]string{"id": other}}}
}

// aPDF is the smallest file the CV check takes for a PDF.
var aPDF = []byte("%PDF-1.4\n%%EOF\n")

// cvApplication is a fresh application of the program with a CV.
func (e *tableEnv) cvApplication(t *testing.T, prog int64) string {
	_, a := e.newApplicationCV(t, prog, recruit.Submitted, aPDF)
	return fmt.Sprint(a)
}
