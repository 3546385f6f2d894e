package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
)

// PopulationRow is one cohort of a study programme in a population file.
type PopulationRow struct {
	Line          int
	ProgrammeCode string
	ProgrammeName string
	Unit          string // unit code or name; "" keeps the programme's unit
	UnitID        int64  // resolved
	Cohort        string
	Students      int
}

// PopulationResult counts what a population import did.
type PopulationResult struct {
	ProgrammesCreated int `json:"programmes_created"`
	Cohorts           int `json:"cohorts"`
}

// PopulationStore writes a population import in one transaction.
type PopulationStore interface {
	ImportPopulations(ctx context.Context, inst int64, rows []PopulationRow) (PopulationResult, error)
}

// ImportPopulations loads study-programme populations (admins): every
// programme is created or renamed as the file says and every cohort's
// student count set, all or nothing; a unit the institution does not have
// is named by line.
func (s *Service) ImportPopulations(ctx context.Context, inst int64, rows []PopulationRow) (PopulationResult, error) {
	if !app.ActorFrom(ctx).IsAdminOf(inst) {
		s.audit(ctx, "populations.import", "", "denied", "")
		return PopulationResult{}, app.Forbidden()
	}
	ps, ok := s.store.(PopulationStore)
	if !ok {
		return PopulationResult{}, app.Internal(fmt.Errorf("store cannot import populations"))
	}
	units, err := s.store.FindUnits(ctx, inst)
	if err != nil {
		return PopulationResult{}, err
	}
	var ds []app.Detail
	for i, r := range rows {
		if r.Unit == "" {
			continue
		}
		for _, u := range units {
			if strings.EqualFold(u.Code, r.Unit) || strings.EqualFold(u.Name, r.Unit) {
				rows[i].UnitID = u.ID
			}
		}
		if rows[i].UnitID == 0 {
			ds = append(ds, app.Detail{Line: r.Line, Column: "unit", Message: fmt.Sprintf("no unit %q in this institution (add it under Administration first)", r.Unit),
				Key: "import.msg.no_unit", Args: map[string]any{"Unit": fmt.Sprintf("%q", r.Unit)}})
		}
		if !codeRE.MatchString(r.ProgrammeCode) {
			ds = append(ds, app.Detail{Line: r.Line, Column: "programme_code", Message: "may hold letters, digits, '-', '_' and '.'", Key: "import.msg.code_chars"})
		}
	}
	if len(ds) > 0 {
		return PopulationResult{}, &app.Error{Code: app.CodeInvalid, Key: "import.invalid", Message: fmt.Sprintf("the file has %d bad line(s)", len(ds)), Details: ds}
	}
	var res PopulationResult
	err = s.changes.Units.Unit(ctx, func(ctx context.Context) (err error) {
		if res, err = ps.ImportPopulations(ctx, inst, rows); err != nil {
			return err
		}
		return s.changes.WriteEntry(ctx, "populations.import", "", "ok", fmt.Sprintf("%d cohorts", res.Cohorts))
	})
	if err != nil {
		return PopulationResult{}, err
	}
	return res, nil
}
