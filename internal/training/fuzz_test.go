package training

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// FuzzReadCompletions feeds any file to the completions reader: it never
// panics, refuses with an invalid-input error naming lines, and what it
// accepts names known persons and modules, on days up to today, once each.
func FuzzReadCompletions(f *testing.F) {
	f.Add([]byte("person_id,module_id,completed_on\n90001,e-laering,2026-08-08\n"))
	f.Add([]byte("person_id;module_id;completed_on\n90001;mottak;1.1.2026\nE7;MOTTAK;2026-01-01\n"))
	f.Add([]byte("module_id,person_id,completed_on,extra\nmottak,E7,10.08.2026,x\n\n"))
	today := time.Date(2026, 8, 10, 9, 0, 0, 0, time.UTC)
	s := NewService(nil, nil, nil, app.NewFakeClock(today), nil)
	mods := []Module{{ID: 1, Code: "e-laering", Minimum: true}, {ID: 2, Code: "mottak"}}
	people := []Person{{ID: 10, StudentNumber: "90001"}, {ID: 11, EmployeeID: "E7"}, {ID: 12, StudentNumber: "E7"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := files.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		cs, err := s.readCompletions(tab, mods, people, false)
		if err != nil {
			var e *app.Error
			if !errors.As(err, &e) || e.Code != app.CodeInvalid || len(e.Details) == 0 {
				t.Fatalf("%q: %v", data, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range cs {
			if c.PersonID != 10 || (c.ModuleID != 1 && c.ModuleID != 2) {
				t.Fatalf("%q: accepted %+v", data, c)
			}
			if c.CompletedOn.After(today) || c.CompletedOn.Year() < 2000 {
				t.Fatalf("%q: accepted the day %v", data, c.CompletedOn)
			}
			k := fmt.Sprint(c.PersonID, c.ModuleID, c.CompletedOn)
			if seen[k] {
				t.Fatalf("%q: accepted %+v twice", data, c)
			}
			seen[k] = true
		}
	})
}
