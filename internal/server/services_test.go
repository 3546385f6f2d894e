package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The services and the database's units of work read one clock: moving
// Services.Clock moves the time a unit of work stamps (Tx.Now).
func TestServicesAndUnitsOfWorkShareTheClock(t *testing.T) {
	s := testutil.Services(t)
	clock, ok := s.Clock.(*app.FakeClock)
	if !ok {
		t.Fatalf("testutil.Services runs on %T, want a fake clock", s.Clock)
	}
	clock.Advance(90 * time.Minute)
	ctx := app.WithActor(context.Background(), app.SystemActor)
	s.Auth.Audit(ctx, "clock.test", "unit", "ok", "")
	es, err := s.Repos.Auth.FindAudit(ctx, auth.AuditFilter{Action: "clock.test", Limit: 1})
	if err != nil || len(es) != 1 {
		t.Fatalf("audit entries: %v, %v", es, err)
	}
	if want := testutil.Epoch.Add(90 * time.Minute); !es[0].At.Equal(want) {
		t.Fatalf("the unit of work stamped %s, want the services' clock %s", es[0].At, want)
	}
}
