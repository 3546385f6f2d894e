package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// deskObjects are a program's desk objects the route table's paths name.
type deskObjects struct{ desk, shift, item, slot int64 }

var (
	deskObjsMu sync.Mutex
	deskObjs   = map[*tableEnv]map[int64]deskObjects{}
)

// deskPrefixes are the paths whose {id} is a desk object.
var deskPrefixes = []string{"/api/v1/desks/", "/api/v1/shifts/", "/api/v1/feedback/", "/api/v1/office-hours/"}

func isDeskPath(path string) bool {
	for _, p := range deskPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// deskObjectsOf makes (once per table) a program's desk with a rota whose
// first shift is open now, a text in the queue and an office hour: in the
// pilot by its coordinator, the demo student and the demo mentor (90001,
// on duty at the first shift), elsewhere by the program's first mentor and
// student.
func (e *tableEnv) deskObjectsOf(t *testing.T, prog int64) deskObjects {
	t.Helper()
	deskObjsMu.Lock()
	defer deskObjsMu.Unlock()
	if o, ok := deskObjs[e][prog]; ok {
		return o
	}
	e.dirty = true
	ps := func(role string) []people.Participant {
		out, err := e.app.People.Participants(e.sys, prog, role)
		if err != nil || len(out) < 2 {
			t.Fatalf("%s of %d: %v", role, prog, err)
		}
		return out
	}
	ms, ss := ps(people.Mentor), ps(people.Student)
	as := func(p people.Participant) context.Context {
		return app.WithActor(context.Background(), &app.Actor{PersonID: p.PersonID, InstitutionID: e.uib, Name: p.ExternalID})
	}
	manager, mentor, student := e.sys, as(ms[0]), as(ss[0])
	if prog == e.pilot.ID {
		login := func(email string) context.Context {
			_, a, err := e.app.Auth.Login(context.Background(), email, demo.Password, "setup")
			if err != nil {
				t.Fatal(err)
			}
			return app.WithActor(context.Background(), a)
		}
		manager, mentor, student = e.coord, login("mentor@demo.mentorhub.no"), login("student@demo.mentorhub.no")
	}
	refs := []string{ms[0].ExternalID, ms[1].ExternalID}
	if prog == e.pilot.ID {
		refs = []string{"90001", "90002", "90003"}
	}
	d, err := e.app.Desks.CreateDesk(manager, prog, desks.DeskDraft{Name: "Route table desk", OnDuty: 2,
		Slots: []desks.Slot{{Weekday: 1, Starts: "08:00", Ends: "12:00", Place: "Rom 1"}}, Mentors: refs})
	if err != nil {
		t.Fatal(err)
	}
	shifts, err := e.app.Desks.GenerateRota(manager, d.ID, testutil.Epoch, 1)
	if err != nil || len(shifts) != 1 {
		t.Fatalf("rota: %v", err)
	}
	it, err := e.app.Desks.Submit(student, prog, "text", "Route table text", "A text.")
	if err != nil {
		t.Fatal(err)
	}
	o, err := e.app.Desks.PublishOfficeHour(mentor, prog, desks.OfficeHourDraft{StartsAt: testutil.Epoch.Add(72 * time.Hour), Minutes: 30, Place: "Rom 2"})
	if err != nil {
		t.Fatal(err)
	}
	out := deskObjects{desk: d.ID, shift: shifts[0].ID, item: it.ID, slot: o.ID}
	if deskObjs[e] == nil {
		deskObjs[e] = map[int64]deskObjects{}
	}
	deskObjs[e][prog] = out
	return out
}

// deskPathID is the id of the program's desk object a desk path names.
func (e *tableEnv) deskPathID(t *testing.T, path string, prog int64) (string, bool) {
	if !isDeskPath(path) {
		return "", false
	}
	o := e.deskObjectsOf(t, prog)
	switch {
	case strings.HasPrefix(path, "/api/v1/desks/"):
		return fmt.Sprint(o.desk), true
	case strings.HasPrefix(path, "/api/v1/shifts/"):
		return fmt.Sprint(o.shift), true
	case strings.HasPrefix(path, "/api/v1/feedback/"):
		return fmt.Sprint(o.item), true
	}
	return fmt.Sprint(o.slot), true
}

// deskIDOR calls a desk path with the medical program's object: by the
// pilot's coordinator, mentor and student (none of whom takes part in it).
func (e *tableEnv) deskIDOR(t *testing.T, path string) []idorCase {
	other, _ := e.deskPathID(t, path, e.demo.Programs["uib-med-mentor"].ID)
	var out []idorCase
	for _, role := range []string{"coordinator", "mentor", "student"} {
		out = append(out, idorCase{role, "another program's desk object", map[string]string{"id": other}})
	}
	return out
}
