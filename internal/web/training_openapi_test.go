package web_test

import "time"

// trainingOpenapiCases are the validation cases of the training API:
// every operation with each answer it documents; big is a body beyond
// the upload limit.
func trainingOpenapiCases(big string) []openapiCase {
	const (
		coordinator = "coordinator@demo.mentorhub.no"
		mentor      = "mentor@demo.mentorhub.no" // 90001
		student     = "student@demo.mentorhub.no"
		hvlAdmin    = "admin@hvl.demo.mentorhub.no"
		js          = "application/json"
		csv         = "text/csv"
		prog        = "/api/v1/programs/{id}"
	)
	done := "person_id,module_id,completed_on\n90001,e-laering,2026-08-08\n90001,rolleforstaelse,08.08.2026\n"
	bad := "person_id,module_id,completed_on\n90001,no-such-module,2026-08-08\n"
	soon := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	later := time.Now().Add(50 * time.Hour).UTC().Format(time.RFC3339)
	event := `{"module_id": "samarbeid", "starts_at": "` + soon + `", "ends_at": "` + later + `", "place": "Realfagbygget", "capacity": 1}`
	return []openapiCase{
		{user: coordinator, method: "POST", route: "/api/v1/training/events", ctype: js, body: event, want: 201, save: "event"},
		{user: coordinator, method: "POST", route: "/api/v1/training/events", ctype: js, body: `{"module_id": "nope", "capacity": 0}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/training/events", ctype: js, body: event, want: 403},
		{user: "", method: "POST", route: "/api/v1/training/events", ctype: js, body: event, want: 401},
		{user: mentor, method: "GET", route: "/api/v1/training/events", want: 200},
		{user: "", method: "GET", route: "/api/v1/training/events", want: 401},
		{user: mentor, method: "POST", route: "/api/v1/training/events/{id}/signup", id: "event", want: 200},
		{user: student, method: "POST", route: "/api/v1/training/events/{id}/signup", id: "event", want: 409},
		{user: hvlAdmin, method: "POST", route: "/api/v1/training/events/{id}/signup", id: "event", want: 404},
		{user: "", method: "POST", route: "/api/v1/training/events/{id}/signup", id: "event", want: 401},
		{user: coordinator, method: "GET", route: "/api/v1/training/events/{id}/roster", id: "event", want: 200},
		{user: mentor, method: "GET", route: "/api/v1/training/events/{id}/roster", id: "event", want: 403},
		{user: hvlAdmin, method: "GET", route: "/api/v1/training/events/{id}/roster", id: "event", want: 404},
		{user: "", method: "GET", route: "/api/v1/training/events/{id}/roster", id: "event", want: 401},
		{user: coordinator, method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "event", ctype: js, body: `{"person_id": "90001", "status": "attended"}`, want: 409},
		{user: coordinator, method: "POST", route: "/api/v1/training/events", ctype: js, want: 201, save: "held",
			body: `{"module_id": "oppstart", "starts_at": "2026-08-03T16:00:00Z", "ends_at": "2026-08-03T18:00:00Z", "capacity": 30}`},
		{user: coordinator, method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "held", ctype: js, body: `{"person_id": "90001", "status": "attended"}`, want: 200},
		{user: coordinator, method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "event", ctype: js, body: `{"person_id": "90001", "status": "late"}`, want: 422},
		{user: mentor, method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "event", ctype: js, body: `{"person_id": "90001", "status": "attended"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "event", ctype: js, body: `{"person_id": "90001", "status": "attended"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/training/events/{id}/attendance", id: "event", ctype: js, body: `{"person_id": "90001", "status": "attended"}`, want: 401},
		{user: "admin@demo.mentorhub.no", method: "POST", route: "/api/v1/training/modules", ctype: js, want: 201,
			body: `{"id": "veiledning-skriving", "name": "Veiledning i akademisk skriving", "provider": "Skrivesenteret", "format": "workshop", "hours": 2.5}`},
		{user: "admin@demo.mentorhub.no", method: "POST", route: "/api/v1/training/modules", ctype: js, body: `{"id": "e-laering", "name": "", "format": "lecture"}`, want: 422},
		{user: coordinator, method: "POST", route: "/api/v1/training/modules", ctype: js, body: `{"id": "x", "name": "x", "format": "workshop"}`, want: 403},
		{user: "admin@demo.mentorhub.no", method: "POST", route: "/api/v1/training/modules", query: "institution=999999", ctype: js, body: `{"id": "x", "name": "x", "format": "workshop"}`, want: 404},
		{user: "", method: "POST", route: "/api/v1/training/modules", ctype: js, body: `{}`, want: 401},
		{user: mentor, method: "GET", route: "/api/v1/training/modules", want: 200},
		{user: "", method: "GET", route: "/api/v1/training/modules", want: 401},
		{user: mentor, method: "GET", route: "/api/v1/training/modules", query: "institution=999999", want: 404},

		{user: coordinator, method: "PUT", route: "/api/v1/training/completions", ctype: csv, body: done, want: 200},
		{user: coordinator, method: "PUT", route: "/api/v1/training/completions", ctype: csv, body: bad, want: 422},
		{user: mentor, method: "PUT", route: "/api/v1/training/completions", ctype: csv, body: done, want: 403},
		{user: coordinator, method: "PUT", route: "/api/v1/training/completions", query: "institution=999999", ctype: csv, body: done, want: 404},
		{user: "", method: "PUT", route: "/api/v1/training/completions", ctype: csv, body: done, want: 401},
		{user: coordinator, method: "PUT", route: "/api/v1/training/completions", ctype: csv, body: big, want: 413},

		{user: mentor, method: "GET", route: "/api/v1/people/{id}/training", id: "=90001", want: 200},
		{user: coordinator, method: "GET", route: "/api/v1/people/{id}/training", id: "=90001", want: 200},
		{user: student, method: "GET", route: "/api/v1/people/{id}/training", id: "=90001", want: 404},
		{user: "", method: "GET", route: "/api/v1/people/{id}/training", id: "=90001", want: 401},

		{user: coordinator, method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": ["e-laering", "rolleforstaelse", "gruppeledelse"]}`, want: 200},
		{user: coordinator, method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": ["nope"]}`, want: 422},
		{user: mentor, method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": []}`, want: 403},
		{user: hvlAdmin, method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": []}`, want: 404},
		{user: "", method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": []}`, want: 401},
		{user: coordinator, method: "GET", route: prog + "/training-requirement", id: "pilot", want: 200},
		{user: coordinator, method: "PUT", route: prog + "/training-requirement", id: "pilot", ctype: js, body: `{"modules": ["e-laering", "samarbeid"], "gate": true}`, want: 200},
		{user: coordinator, method: "POST", route: prog + "/training-overrides", id: "pilot", ctype: js, body: `{"mentor_id": "90001", "reason": "Tar samarbeidskurset i september."}`, want: 200},
		{user: coordinator, method: "POST", route: prog + "/training-overrides", id: "pilot", ctype: js, body: `{"mentor_id": "nobody", "reason": "x"}`, want: 422},
		{user: mentor, method: "POST", route: prog + "/training-overrides", id: "pilot", ctype: js, body: `{"mentor_id": "90001", "reason": "x"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: prog + "/training-overrides", id: "pilot", ctype: js, body: `{"mentor_id": "90001", "reason": "x"}`, want: 404},
		{user: "", method: "POST", route: prog + "/training-overrides", id: "pilot", ctype: js, body: `{"mentor_id": "90001", "reason": "x"}`, want: 401},
		{user: mentor, method: "GET", route: prog + "/training-requirement", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: prog + "/training-requirement", id: "pilot", want: 404},
		{user: "", method: "GET", route: prog + "/training-requirement", id: "pilot", want: 401},
	}
}
