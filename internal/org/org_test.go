package org_test

import (
	"context"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

func TestTreeCohortsAndInstitutionWalls(t *testing.T) {
	s := testutil.Services(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	svc := s.Org
	uib, err := svc.CreateInstitution(sys, org.Institution{Slug: "uib", Name: "UiB"})
	if err != nil {
		t.Fatal(err)
	}
	hvl, _ := svc.CreateInstitution(sys, org.Institution{Slug: "hvl", Name: "HVL"})
	mn, err := svc.CreateUnit(sys, org.Unit{InstitutionID: uib.ID, Kind: org.KindFaculty, Code: "MN", Name: "MatNat"})
	if err != nil {
		t.Fatal(err)
	}
	bio, _ := svc.CreateUnit(sys, org.Unit{InstitutionID: uib.ID, ParentID: mn.ID, Kind: org.KindDepartment, Code: "BIO", Name: "Biology"})
	if _, err := svc.CreateUnit(sys, org.Unit{InstitutionID: hvl.ID, ParentID: mn.ID, Kind: org.KindDepartment, Code: "X", Name: "X"}); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a unit under another institution's unit: %v", err)
	}
	if _, err := svc.CreateProgramme(sys, org.Programme{InstitutionID: uib.ID, UnitID: bio.ID, Code: "BAMN-BIO", Name: "Biology"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateProgramme(sys, org.Programme{InstitutionID: uib.ID, Code: "LOOSE", Name: "Loose"}); err != nil {
		t.Fatal(err)
	}
	for term, n := range map[string]int{"2025H": 110, "2026H": 120} {
		if err := svc.SetCohort(sys, uib.ID, "BAMN-BIO", term, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.SetCohort(sys, uib.ID, "BAMN-BIO", "2026H", 125); err != nil { // an update, not a second row
		t.Fatal(err)
	}
	if err := svc.SetCohort(sys, uib.ID, "BAMN-BIO", "2026/H", 1); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("bad term: %v", err)
	}
	roots, loose, err := svc.Tree(sys, uib.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(roots) != 1 || len(roots[0].Children) != 1 || len(roots[0].Children[0].Programmes) != 1 || len(loose) != 1 {
		t.Fatalf("tree: %+v, loose %+v", roots, loose)
	}
	if got := roots[0].Children[0].Programmes[0].Students; got != 235 {
		t.Fatalf("programme students %d, want 110+125", got)
	}
	units, _ := svc.Units(sys, uib.ID)
	if d := org.Descendants(units, mn.ID); !d[bio.ID] || !d[mn.ID] || len(d) != 2 {
		t.Fatalf("descendants of MN: %v", d)
	}
	// An actor of HVL sees nothing of UiB, and cannot change it.
	hvlAdmin := app.WithActor(context.Background(), &app.Actor{AccountID: 99, InstitutionID: hvl.ID, Grants: []app.Grant{{Role: app.RoleAdmin, InstitutionID: hvl.ID}}})
	if _, err := svc.Institution(hvlAdmin, uib.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("HVL admin reads UiB: %v", err)
	}
	if _, err := svc.Units(hvlAdmin, uib.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("HVL admin lists UiB units: %v", err)
	}
	if _, err := svc.CreateUnit(hvlAdmin, org.Unit{InstitutionID: uib.ID, Kind: org.KindFaculty, Code: "Y", Name: "Y"}); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("HVL admin adds a UiB unit: %v", err)
	}
	if list, err := svc.Institutions(hvlAdmin); err != nil || len(list) != 1 || list[0].ID != hvl.ID {
		t.Errorf("HVL admin's institutions: %+v %v", list, err)
	}
	if _, err := svc.CreateInstitution(hvlAdmin, org.Institution{Slug: "new", Name: "New"}); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("an institution admin created an institution: %v", err)
	}
}
