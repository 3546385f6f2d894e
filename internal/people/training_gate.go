package people

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
)

// TrainingGate tells which mentors of a program year may not lead a group
// for want of the required training (participant id → the module codes
// they miss); none when the year does not ask for training first.
type TrainingGate interface {
	Blocked(ctx context.Context, programID int64, year int) (map[int64][]string, error)
}

// UseTrainingGate makes allocations and mentor swaps leave out the mentors
// the gate keeps from leading a group.
func (s *Service) UseTrainingGate(g TrainingGate) { s.gate = g }

// Untrained is a mentor left out of groups until they complete the
// required training (or a coordinator lets them lead one anyway).
type Untrained struct {
	Ref     string
	Name    string
	Missing []string
}

// gateMentors moves the mentors the gate keeps out from in.mentors to
// in.untrained.
func (s *Service) gateMentors(ctx context.Context, programID int64, in *inputs) error {
	if s.gate == nil || len(in.mentors) == 0 {
		return nil
	}
	year, err := s.year(ctx, programID)
	if err != nil {
		return err
	}
	blocked, err := s.gate.Blocked(ctx, programID, year)
	if err != nil || len(blocked) == 0 {
		return err
	}
	kept := in.mentors[:0:0]
	for _, m := range in.mentors {
		if missing, ok := blocked[in.mentorPID[m.ID]]; ok {
			in.untrained = append(in.untrained, Untrained{Ref: m.ID, Name: in.mentorNames[m.ID], Missing: missing})
			in.gated = append(in.gated, m)
			continue
		}
		kept = append(kept, m)
	}
	in.mentors = kept
	return nil
}

// withGated adds back the gated mentors who lead groups already (a kept
// group keeps its mentors), for extending those groups and checking them.
func withGated(in *inputs, existing []allocate.Group) []allocate.Mentor {
	out := in.mentors
	for _, m := range in.gated {
		for _, g := range existing {
			if slices.Contains(g.Mentors, m.ID) {
				out = append(out[:len(out):len(out)], m)
				break
			}
		}
	}
	return out
}

// errUntrained refuses a gated mentor for a group.
func errUntrained(u Untrained) error {
	return &app.Error{Code: app.CodeInvalid, Key: "training.not_trained",
		Message: fmt.Sprintf("the mentor has not completed the required training (%s): a coordinator can let them lead a group anyway on the Training tab", strings.Join(u.Missing, ", ")),
		Args:    map[string]any{"Missing": strings.Join(u.Missing, ", ")}}
}
