package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The second mentor and student of the pilot with accounts (the demo has
// one of each), for the answers two people of one role give: a text
// another mentor claimed, a slot another student booked.
const (
	deskMentor2  = "mentor2@desks.test.example"
	deskStudent2 = "student2@desks.test.example"
)

// deskAccounts gives the pilot's second mentor and student accounts.
func deskAccounts(t *testing.T, e *env) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	for _, a := range []struct {
		email, number string
		grant         app.Grant
	}{
		{deskMentor2, "90002", app.Grant{Role: app.RoleMentor, ProgramID: pilot}},
		{deskStudent2, "100002", app.Grant{Role: app.RoleStudent}},
	} {
		a.grant.InstitutionID = e.demo.Institution.ID
		if _, err := e.app.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: e.demo.Institution.ID, Email: a.email,
			GivenName: "Desk", FamilyName: a.number, Password: demo.Password, Grants: []app.Grant{a.grant}, StudentNumber: a.number}); err != nil {
			t.Fatal(err)
		}
	}
}

// saveIDs keeps the id of a created object (or of each in a list: name,
// name.1, …) for later cases.
func saveIDs(t *testing.T, ids map[string]string, name, body string) {
	t.Helper()
	var one struct {
		ID int64 `json:"id"`
	}
	if json.Unmarshal([]byte(body), &one) == nil && one.ID != 0 {
		ids[name] = strconv.FormatInt(one.ID, 10)
		return
	}
	var many []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &many); err != nil || len(many) == 0 {
		t.Fatalf("no id to save as %s in %.300s", name, body)
	}
	for i, x := range many {
		k := name
		if i > 0 {
			k += "." + strconv.Itoa(i)
		}
		ids[k] = strconv.FormatInt(x.ID, 10)
	}
}

// deskOpenapiCases are the validation cases of the desks' API: every
// operation with each answer it documents. The desk's slot is on the
// clock's weekday (Monday 10 August 2026, 10:00 in Oslo), so the first
// shift is open for check-in and the next week's is not.
func deskOpenapiCases() []openapiCase {
	const (
		coordinator = "coordinator@demo.mentorhub.no"
		mentor      = "mentor@demo.mentorhub.no" // 90001
		student     = "student@demo.mentorhub.no"
		leader      = "leader@demo.mentorhub.no"
		hvlAdmin    = "admin@hvl.demo.mentorhub.no"
		mentor2     = deskMentor2
		student2    = deskStudent2
		js          = "application/json"
		prog        = "/api/v1/programs/{id}"
	)
	desk := `{"name": "biORAKEL", "place": "Realfagbygget", "on_duty": 2,
		"slots": [{"weekday": 1, "starts": "08:00", "ends": "12:00"}], "mentors": ["90001", "90002", "90003"]}`
	other := `{"name": "Skriveverksted", "on_duty": 1, "slots": [{"weekday": 1, "starts": "08:00", "ends": "12:00", "place": "U-huset"}],
		"mentors": ["90002", "90003"]}`
	rota := `{"from": "2026-08-10", "weeks": 2}`
	slot := fmt.Sprintf(`{"starts_at": %q, "minutes": 30, "place": "Rom 2"}`, testutil.Epoch.Add(48*time.Hour).Format(time.RFC3339))
	talk := fmt.Sprintf(`{"student": "100001", "held_at": %q, "minutes": 45}`, testutil.Epoch.Add(-24*time.Hour).Format(time.RFC3339))
	note := `{"participant": "90001", "state": "approved", "recorded_on": "2026-08-10", "credit": true}`
	text := `{"title": "Lab report", "text": "My report on enzyme kinetics."}`
	return []openapiCase{
		{user: coordinator, method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: desk, want: 201, save: "desk"},
		{user: coordinator, method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: other, want: 201, save: "desk2"},
		{user: coordinator, method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: `{"name": "", "on_duty": 0, "slots": []}`, want: 422},
		{user: mentor, method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: desk, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: desk, want: 404},
		{user: "", method: "POST", route: prog + "/desks", id: "pilot", ctype: js, body: desk, want: 401},
		{user: student, method: "GET", route: prog + "/desks", id: "pilot", want: 200},
		{user: leader, method: "GET", route: prog + "/desks", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/desks", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/desks", id: "pilot", want: 401},

		{user: coordinator, method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk", ctype: js, body: rota, want: 201, save: "shift"},
		{user: coordinator, method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk2", ctype: js, body: rota, want: 201, save: "shift2"},
		{user: coordinator, method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk", ctype: js, body: `{"from": "soon", "weeks": 2}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk", ctype: js, body: rota, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk", ctype: js, body: rota, want: 404},
		{user: "", method: "POST", route: "/api/v1/desks/{id}/rota", id: "desk", ctype: js, body: rota, want: 401},
		{user: student, method: "GET", route: "/api/v1/desks/{id}/shifts", id: "desk", want: 200},
		{user: leader, method: "GET", route: "/api/v1/desks/{id}/shifts", id: "desk", want: 404},
		{user: "", method: "GET", route: "/api/v1/desks/{id}/shifts", id: "desk", want: 401},

		// shift: 90001 and 90002 on duty; 90003 in the pool.
		{user: mentor, method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "offer"}`, want: 200},
		{user: mentor2, method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "take"}`, want: 409},
		{user: coordinator, method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "swap"}`, want: 422},
		{user: student, method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "offer"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "offer"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/shifts/{id}/swap", id: "shift", ctype: js, body: `{"action": "offer"}`, want: 401},

		{user: student, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{"topic": "exam"}`, want: 201},
		{user: student, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{}`, want: 200},
		{user: student, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift.1", ctype: js, body: `{}`, want: 409},
		{user: mentor, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{"visitors": 3, "topic": "assignment"}`, want: 201},
		{user: mentor, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{"visitors": 3, "topic": "health"}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift2", ctype: js, body: `{"visitors": 3, "topic": "exam"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/shifts/{id}/visits", id: "shift", ctype: js, body: `{}`, want: 401},
		{user: mentor2, method: "GET", route: "/api/v1/shifts/{id}/visits", id: "shift", want: 200},
		{user: student, method: "GET", route: "/api/v1/shifts/{id}/visits", id: "shift", want: 403},
		{user: hvlAdmin, method: "GET", route: "/api/v1/shifts/{id}/visits", id: "shift", want: 404},
		{user: "", method: "GET", route: "/api/v1/shifts/{id}/visits", id: "shift", want: 401},

		{user: student, method: "POST", route: prog + "/feedback", id: "pilot", ctype: js, body: text, want: 201, save: "item"},
		{user: student, method: "POST", route: prog + "/feedback", id: "pilot", ctype: js, body: `{"title": "Empty", "text": " "}`, want: 422},
		{user: mentor, method: "POST", route: prog + "/feedback", id: "pilot", ctype: js, body: text, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/feedback", id: "pilot", ctype: js, body: text, want: 404},
		{user: "", method: "POST", route: prog + "/feedback", id: "pilot", ctype: js, body: text, want: 401},
		{user: mentor, method: "GET", route: prog + "/feedback", id: "pilot", want: 200},
		{user: student, method: "GET", route: prog + "/feedback", id: "pilot", want: 200},
		{user: leader, method: "GET", route: prog + "/feedback", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/feedback", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/feedback", id: "pilot", want: 401},
		{user: student, method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 403},
		{user: mentor, method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 200},
		{user: mentor, method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 200},
		{user: mentor2, method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 409},
		{user: hvlAdmin, method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 404},
		{user: "", method: "POST", route: "/api/v1/feedback/{id}/claim", id: "item", want: 401},
		{user: mentor2, method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": "Fine"}`, want: 409},
		{user: mentor, method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": ""}`, want: 422},
		{user: student, method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": "Fine"}`, want: 403},
		{user: mentor, method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": "Good structure."}`, want: 200},
		{user: hvlAdmin, method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": "Fine"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/feedback/{id}/return", id: "item", ctype: js, body: `{"feedback": "Fine"}`, want: 401},
		{user: coordinator, method: "GET", route: prog + "/feedback-counts", id: "pilot", want: 200},
		{user: mentor, method: "GET", route: prog + "/feedback-counts", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/feedback-counts", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/feedback-counts", id: "pilot", want: 401},

		{user: mentor, method: "POST", route: prog + "/talks", id: "pilot", ctype: js, body: talk, want: 201},
		{user: mentor, method: "POST", route: prog + "/talks", id: "pilot", ctype: js, body: `{"student": "nobody", "held_at": "2026-08-01T10:00:00Z", "minutes": 45}`, want: 422},
		{user: student, method: "POST", route: prog + "/talks", id: "pilot", ctype: js, body: talk, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/talks", id: "pilot", ctype: js, body: talk, want: 404},
		{user: "", method: "POST", route: prog + "/talks", id: "pilot", ctype: js, body: talk, want: 401},
		{user: student, method: "GET", route: prog + "/talks", id: "pilot", want: 200},
		{user: leader, method: "GET", route: prog + "/talks", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/talks", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/talks", id: "pilot", want: 401},

		{user: coordinator, method: "PUT", route: prog + "/reflection-notes", id: "pilot", ctype: js, body: note, want: 200},
		{user: coordinator, method: "PUT", route: prog + "/reflection-notes", id: "pilot", ctype: js, body: `{"participant": "90001", "state": "lost", "recorded_on": "2026-08-10"}`, want: 422},
		{user: mentor, method: "PUT", route: prog + "/reflection-notes", id: "pilot", ctype: js, body: note, want: 403},
		{user: hvlAdmin, method: "PUT", route: prog + "/reflection-notes", id: "pilot", ctype: js, body: note, want: 404},
		{user: "", method: "PUT", route: prog + "/reflection-notes", id: "pilot", ctype: js, body: note, want: 401},
		{user: mentor, method: "GET", route: prog + "/reflection-notes", id: "pilot", want: 200},
		{user: leader, method: "GET", route: prog + "/reflection-notes", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/reflection-notes", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/reflection-notes", id: "pilot", want: 401},

		{user: mentor, method: "POST", route: prog + "/office-hours", id: "pilot", ctype: js, body: slot, want: 201, save: "slot"},
		{user: mentor, method: "POST", route: prog + "/office-hours", id: "pilot", ctype: js, body: `{"starts_at": "2026-08-20T10:00:00Z", "minutes": 0, "place": "x"}`, want: 422},
		{user: student, method: "POST", route: prog + "/office-hours", id: "pilot", ctype: js, body: slot, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/office-hours", id: "pilot", ctype: js, body: slot, want: 404},
		{user: "", method: "POST", route: prog + "/office-hours", id: "pilot", ctype: js, body: slot, want: 401},
		{user: student, method: "POST", route: "/api/v1/office-hours/{id}/book", id: "slot", want: 200},
		{user: student2, method: "POST", route: "/api/v1/office-hours/{id}/book", id: "slot", want: 409},
		{user: mentor2, method: "POST", route: "/api/v1/office-hours/{id}/book", id: "slot", want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/office-hours/{id}/book", id: "slot", want: 404},
		{user: "", method: "POST", route: "/api/v1/office-hours/{id}/book", id: "slot", want: 401},
		{user: student2, method: "GET", route: prog + "/office-hours", id: "pilot", want: 200},
		{user: leader, method: "GET", route: prog + "/office-hours", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/office-hours", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/office-hours", id: "pilot", want: 401},
		{user: student2, method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 409},
		{user: mentor2, method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 403},
		{user: student, method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 200},
		{user: mentor, method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 200},
		{user: hvlAdmin, method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 404},
		{user: "", method: "POST", route: "/api/v1/office-hours/{id}/cancel", id: "slot", want: 401},
	}
}
