package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
)

var (
	timesheetMu     sync.Mutex
	timesheetMonths = map[*tableEnv]int{}
)

// newTimesheet submits a fresh timesheet in the program (setting its rates
// first), for its first mentor and a month of its own, so that every call
// of an approve or return route finds one waiting.
func (e *tableEnv) newTimesheet(t *testing.T, prog int64) int64 {
	t.Helper()
	timesheetMu.Lock()
	defer timesheetMu.Unlock()
	e.dirty = true
	n := timesheetMonths[e]
	timesheetMonths[e] = n + 1
	sys := app.WithActor(context.Background(), app.SystemActor)
	if _, err := e.app.Payroll.SetRates(sys, prog, 200, nil, nil); err != nil {
		t.Fatal(err)
	}
	ms, err := e.app.People.Participants(sys, prog, people.Mentor)
	if err != nil || len(ms) == 0 {
		t.Fatalf("mentors of %d: %v", prog, err)
	}
	ts, err := e.app.Payroll.Submit(sys, prog, payroll.Draft{MentorID: ms[0].ExternalID, Month: fmt.Sprintf("%d-%02d", 2020+n/12, n%12+1),
		Lines: []payroll.DraftLine{{Category: "sessions", Hours: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	return ts.ID
}

func isTimesheetPath(path string) bool { return strings.HasPrefix(path, "/api/v1/timesheets/") }

// timesheetIDOR calls a timesheet route with the medical program's
// timesheet, as the pilot's coordinator.
func (e *tableEnv) timesheetIDOR(t *testing.T) []idorCase {
	other := fmt.Sprint(e.newTimesheet(t, e.demo.Programs["uib-med-mentor"].ID))
	return []idorCase{{"coordinator", "another program's timesheet", map[string]string{"id": other}}}
}
