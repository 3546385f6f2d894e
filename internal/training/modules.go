package training

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Formats lists a module's formats.
var Formats = []string{ELearning, Workshop, Seminar, Meeting}

var codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// AddModule adds a module of the institution's own to its catalogue (its
// admins): a code the e-learning system and the API use (lower-case
// letters, digits and hyphens, unique among the national modules and the
// institution's), a name, provider, format, hours and credits. The
// national modules are the same for every institution and cannot be
// changed here.
func (s *Service) AddModule(ctx context.Context, inst int64, m Module) (Module, error) {
	a := app.ActorFrom(ctx)
	inst, err := institution(a, inst)
	if err != nil {
		return Module{}, err
	}
	if !a.IsAdminOf(inst) {
		s.audit(ctx, "training.module", "", "denied", "")
		return Module{}, app.Forbidden()
	}
	mods, err := s.store.FindModules(ctx, inst)
	if err != nil {
		return Module{}, err
	}
	m.Code, m.Name, m.Provider = strings.ToLower(strings.TrimSpace(m.Code)), strings.TrimSpace(m.Name), strings.TrimSpace(m.Provider)
	var ds []app.Detail
	bad := func(col, key, msg string) { ds = append(ds, app.Detail{Column: col, Key: key, Message: msg}) }
	switch {
	case !codeRE.MatchString(m.Code):
		bad("id", "training.module_code", "lower-case letters, digits and hyphens, at most 40")
	case slices.ContainsFunc(mods, func(x Module) bool { return x.Code == m.Code }):
		bad("id", "training.module_taken", fmt.Sprintf("a module %q exists already", m.Code))
	}
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 200 {
		bad("name", "training.module_name", "a name of 1 to 200 characters")
	}
	if utf8.RuneCountInString(m.Provider) > 200 {
		bad("provider", "training.event_place", "at most 200 characters")
	}
	if !slices.Contains(Formats, m.Format) {
		bad("format", "training.module_format", "e_learning, workshop, seminar or meeting")
	}
	if math.IsNaN(m.Hours) || m.Hours < 0 || m.Hours > 1000 || math.Round(m.Hours*4) != m.Hours*4 {
		bad("hours", "training.module_hours", "hours from 0 to 1000 in quarters")
	}
	if math.IsNaN(m.Credits) || m.Credits < 0 || m.Credits > 60 || math.Round(m.Credits*2) != m.Credits*2 {
		bad("credits", "training.module_credits", "credits from 0 to 60 in halves")
	}
	if len(ds) > 0 {
		return Module{}, &app.Error{Code: app.CodeInvalid, Key: "training.bad_module", Message: "the module cannot be added", Details: ds}
	}
	m.InstitutionID, m.Minimum = inst, false
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.CreateModule(ctx, &m)
	}, "training.module", m.Code, "ok", "")
	return m, err
}
