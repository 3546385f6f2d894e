package web_test

// payrollOpenapiCases are the validation cases of rates, timesheets and
// the payroll: every operation with each answer it documents.
func payrollOpenapiCases() []openapiCase {
	const (
		coordinator = "coordinator@demo.mentorhub.no"
		mentor      = "mentor@demo.mentorhub.no" // 90001
		student     = "student@demo.mentorhub.no"
		hvlAdmin    = "admin@hvl.demo.mentorhub.no"
		js          = "application/json"
		prog        = "/api/v1/programs/{id}"
	)
	sheet := `{"mentor_id": "90001", "month": "2026-07", "lines": [{"category": "sessions", "hours": 6.5}, {"category": "feedback", "hours": 1, "items": 4}]}`
	rates := `{"hourly": 215.50, "per_item": {"feedback": 150}}`
	return []openapiCase{
		{user: mentor, method: "GET", route: prog + "/rates", id: "pilot", want: 200},
		{user: coordinator, method: "PUT", route: prog + "/rates", id: "pilot", ctype: js, body: rates, want: 200},
		{user: coordinator, method: "PUT", route: prog + "/rates", id: "pilot", ctype: js, body: `{"hourly": -1}`, want: 422},
		{user: mentor, method: "PUT", route: prog + "/rates", id: "pilot", ctype: js, body: rates, want: 403},
		{user: hvlAdmin, method: "PUT", route: prog + "/rates", id: "pilot", ctype: js, body: rates, want: 404},
		{user: "", method: "PUT", route: prog + "/rates", id: "pilot", ctype: js, body: rates, want: 401},
		{user: coordinator, method: "GET", route: prog + "/rates", id: "pilot", want: 200},
		{user: student, method: "GET", route: prog + "/rates", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/rates", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/rates", id: "pilot", want: 401},

		{user: mentor, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 201, save: "sheet"},
		{user: mentor, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 409},
		{user: mentor, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: `{"mentor_id": "90001", "month": "2026-06", "lines": [{"category": "sessions", "hours": 0.3}]}`, want: 422},
		{user: student, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 404},
		{user: "", method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 401},
		{user: mentor, method: "GET", route: prog + "/timesheets", id: "pilot", want: 200},
		{user: coordinator, method: "GET", route: prog + "/timesheets", id: "pilot", query: "month=2026-07", want: 200},
		{user: coordinator, method: "GET", route: prog + "/timesheets", id: "pilot", query: "month=july", want: 422},
		{user: student, method: "GET", route: prog + "/timesheets", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/timesheets", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/timesheets", id: "pilot", want: 401},

		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": ""}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": "x"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": "x"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": "x"}`, want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": "Seks og en halv time? Sjekk."}`, want: 200},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/return", id: "sheet", ctype: js, body: `{"comment": "x"}`, want: 409},
		{user: mentor, method: "POST", route: prog + "/timesheets", id: "pilot", ctype: js, body: sheet, want: 201, save: "sheet2"},
		{user: mentor, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{}`, want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{"comment": 7}`, want: 422},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{"comment": "Godkjent."}`, want: 200},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "sheet2", ctype: js, body: `{}`, want: 409},
		{user: coordinator, method: "POST", route: "/api/v1/timesheets/{id}/approve", id: "=999999", ctype: js, body: `{}`, want: 404},

		{user: coordinator, method: "PUT", route: prog + "/costs", id: "pilot", ctype: js, body: `{"mentors": 20, "mentor_hours": 60, "hourly": 187.5, "catering": 12000, "materials": 3500, "coordinator_hours": 150, "coordinator_hourly": 450}`, want: 200},
		{user: coordinator, method: "PUT", route: prog + "/costs", id: "pilot", ctype: js, body: `{"mentors": -1}`, want: 422},
		{user: mentor, method: "PUT", route: prog + "/costs", id: "pilot", ctype: js, body: `{}`, want: 403},
		{user: hvlAdmin, method: "PUT", route: prog + "/costs", id: "pilot", ctype: js, body: `{}`, want: 404},
		{user: "", method: "PUT", route: prog + "/costs", id: "pilot", ctype: js, body: `{}`, want: 401},
		{user: coordinator, method: "GET", route: prog + "/costs", id: "pilot", want: 200},
		{user: mentor, method: "GET", route: prog + "/costs", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/costs", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/costs", id: "pilot", want: 401},
		{user: coordinator, method: "GET", route: prog + "/payroll", id: "pilot", query: "month=2026-07", want: 200},
		{user: coordinator, method: "GET", route: prog + "/payroll", id: "pilot", query: "month=2026-7", want: 422},
		{user: mentor, method: "GET", route: prog + "/payroll", id: "pilot", query: "month=2026-07", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/payroll", id: "pilot", query: "month=2026-07", want: 404},
		{user: "", method: "GET", route: prog + "/payroll", id: "pilot", query: "month=2026-07", want: 401},
	}
}
