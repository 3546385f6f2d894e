package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/training"
)

// newTrainingEvent makes a fresh training event of an institution: one
// that begins tomorrow (to sign up for) or began an hour ago (to mark).
func (e *tableEnv) newTrainingEvent(t *testing.T, inst int64, begun bool) int64 {
	t.Helper()
	e.dirty = true
	sys := app.WithActor(context.Background(), app.SystemActor)
	mods, err := e.app.Repos.Training.FindModules(sys, inst)
	if err != nil || len(mods) == 0 {
		t.Fatalf("modules: %v", err)
	}
	start := e.app.Clock.Now().Add(24 * time.Hour)
	if begun {
		start = e.app.Clock.Now().Add(-time.Hour)
	}
	ev := training.Event{InstitutionID: inst, ModuleID: mods[0].ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 100}
	if err := e.app.Repos.Training.CreateEvent(sys, &ev, 0); err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

func isTrainingEventPath(path string) bool {
	return strings.HasPrefix(path, "/api/v1/training/events/")
}

// trainingEventID is a fresh event of the demo university for a path.
func (e *tableEnv) trainingEventID(t *testing.T, path string) string {
	return fmt.Sprint(e.newTrainingEvent(t, e.uib, !strings.HasSuffix(path, "/signup")))
}

// trainingEventIDOR calls an event route with the other institution's
// event, as the coordinator.
func (e *tableEnv) trainingEventIDOR(t *testing.T, path string) []idorCase {
	other := fmt.Sprint(e.newTrainingEvent(t, e.hvl, !strings.HasSuffix(path, "/signup")))
	return []idorCase{{"coordinator", "the other institution's training event", map[string]string{"id": other}}}
}
