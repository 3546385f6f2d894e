package people_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/people"
)

// An audited change and its audit row commit or fail together: confirming
// an upload applies the roster, forgets the draft and writes the audit
// entry in one unit of work. When the audit entry cannot be written,
// nothing of the import is kept and the draft is still there; when it
// can, all three are.
func TestAnImportAndItsAuditEntryCommitTogether(t *testing.T) {
	f := setup(t, nil)
	students, _ := allocate.Generate(40, 9)
	data := studentsCSV(students)
	id, err := f.svc.SaveDraft(f.coord, f.prog.ID, "students", "students.csv", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	down := errors.New("audit log unavailable")
	f.svc.UseUnits(app.Auditor{Units: f.db, WriteEntry: func(context.Context, string, string, string, string) error { return down }})
	if _, err := f.svc.CommitDraft(f.coord, f.prog.ID, id, nil, false); !errors.Is(err, down) {
		t.Fatalf("confirming with the audit log down: %v", err)
	}
	if ps, err := f.svc.Participants(f.coord, f.prog.ID, people.Student); err != nil || len(ps) != 0 {
		t.Fatalf("after the failed confirm: %d participants (%v), want none", len(ps), err)
	}
	if _, _, err := f.svc.Draft(f.coord, f.prog.ID, id); err != nil {
		t.Fatalf("the draft is gone after a failed confirm: %v", err)
	}
	f.svc.UseUnits(app.Auditor{Units: f.db, WriteEntry: f.auth.AuditChange})
	if _, err := f.svc.CommitDraft(f.coord, f.prog.ID, id, nil, false); err != nil {
		t.Fatal(err)
	}
	if ps, err := f.svc.Participants(f.coord, f.prog.ID, people.Student); err != nil || len(ps) != 40 {
		t.Fatalf("after the confirm: %d participants (%v), want 40", len(ps), err)
	}
	if _, _, err := f.svc.Draft(f.coord, f.prog.ID, id); err == nil {
		t.Error("the draft is still there after the confirm")
	}
	es, err := f.repos.Auth.FindAudit(context.Background(), auth.AuditFilter{Action: "roster.import", Limit: 10})
	if err != nil || len(es) != 1 || es[0].Outcome != "ok" {
		t.Errorf("audit entries of the import: %+v (%v), want the one of the confirm", es, err)
	}
}
