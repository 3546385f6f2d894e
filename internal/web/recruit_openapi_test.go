package web_test

import "time"

// recruitOpenapiCases are the validation cases of recruiting: every
// operation with each answer it documents.
func recruitOpenapiCases() []openapiCase {
	const (
		coordinator = "coordinator@demo.mentorhub.no"
		mentor      = "mentor@demo.mentorhub.no"
		student     = "student@demo.mentorhub.no"
		hvlAdmin    = "admin@hvl.demo.mentorhub.no"
		js          = "application/json"
		prog        = "/api/v1/programs/{id}"
	)
	deadline := time.Now().Add(30 * 24 * time.Hour).Format("2006-01-02")
	posting := `{"title": "Mentorer høsten 2027", "role": "Leder en gruppe annenhver uke.", "programme_code": "BAMN-BIO", "positions": 2,
		"starts_on": "2027-08-10", "ends_on": "2028-06-15", "hourly": 187.5, "deadline": "` + deadline + `"}`
	application := `{"given_name": "Ada", "family_name": "Lunde", "email": "ada@student.uib.no", "student_number": "777001", "cohort": "2025H",
		"motivation": "Jeg vil hjelpe nye studenter.", "slots": ["tue10", "thu14"]}`
	return []openapiCase{
		{user: coordinator, method: "POST", route: prog + "/postings", id: "pilot", ctype: js, body: posting, want: 201, save: "posting"},
		{user: coordinator, method: "POST", route: prog + "/postings", id: "pilot", ctype: js, body: `{"title": "", "positions": 0}`, want: 422},
		{user: mentor, method: "POST", route: prog + "/postings", id: "pilot", ctype: js, body: posting, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/postings", id: "pilot", ctype: js, body: posting, want: 404},
		{user: "", method: "POST", route: prog + "/postings", id: "pilot", ctype: js, body: posting, want: 401},
		{user: coordinator, method: "GET", route: prog + "/postings", id: "pilot", want: 200},
		{user: mentor, method: "GET", route: prog + "/postings", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/postings", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/postings", id: "pilot", want: 401},
		{user: student, method: "GET", route: "/api/v1/postings/{id}", id: "posting", want: 200},
		{user: student, method: "GET", route: "/api/v1/postings/{id}", id: "=999999", want: 404},
		{user: "", method: "GET", route: "/api/v1/postings/{id}", id: "posting", want: 401},
		{user: student, method: "POST", route: "/api/v1/postings/{id}/applications", id: "posting", ctype: js, body: application, want: 201, save: "application"},
		{user: student, method: "POST", route: "/api/v1/postings/{id}/applications", id: "posting", ctype: js, body: application, want: 409},
		{user: student, method: "POST", route: "/api/v1/postings/{id}/applications", id: "posting", ctype: js, body: `{"given_name": "Ada"}`, want: 422},
		{user: student, method: "POST", route: "/api/v1/postings/{id}/applications", id: "=999999", ctype: js, body: application, want: 404},
		{user: "", method: "POST", route: "/api/v1/postings/{id}/applications", id: "posting", ctype: js, body: application, want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/reviews", id: "application", ctype: js, body: `{"score": 4, "comment": "Gode svar."}`, want: 200},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/reviews", id: "application", ctype: js, body: `{"score": 9}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/applications/{id}/reviews", id: "application", ctype: js, body: `{"score": 4}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/applications/{id}/reviews", id: "application", ctype: js, body: `{"score": 4}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/applications/{id}/reviews", id: "application", ctype: js, body: `{"score": 4}`, want: 401},
		{user: coordinator, method: "GET", route: "/api/v1/postings/{id}/applications", id: "posting", want: 200},
		{user: mentor, method: "GET", route: "/api/v1/postings/{id}/applications", id: "posting", want: 403},
		{user: hvlAdmin, method: "GET", route: "/api/v1/postings/{id}/applications", id: "posting", want: 404},
		{user: "", method: "GET", route: "/api/v1/postings/{id}/applications", id: "posting", want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/hire", id: "application", want: 409},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "hired"}`, want: 422},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "accepted"}`, want: 409},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "offered"}`, want: 200},
		{user: mentor, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "accepted"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "accepted"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "accepted"}`, want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/decision", id: "application", ctype: js, body: `{"state": "accepted"}`, want: 200},
		{user: mentor, method: "POST", route: "/api/v1/applications/{id}/hire", id: "application", want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/applications/{id}/hire", id: "application", want: 404},
		{user: "", method: "POST", route: "/api/v1/applications/{id}/hire", id: "application", want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/applications/{id}/hire", id: "application", want: 200},
	}
}
