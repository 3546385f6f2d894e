package store_test

import (
	"context"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

func TestMigrationsAreNumberedAndMatchAcrossDialects(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d: every step needs both dialects", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name || lite[i].Version != i+1 {
			t.Errorf("migration %d: sqlite %q, postgres %q", i+1, lite[i].Name, pg[i].Name)
		}
	}
}

func TestSchemaIsCurrentAfterOpenAndMigrateIsIdempotent(t *testing.T) {
	db := testutil.MustOpenDB(t)
	ctx := context.Background()
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	n, err := db.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d, err %v; want 0, nil", n, err)
	}
	applied, latest, err := db.SchemaVersion(ctx)
	if err != nil || applied != latest || latest == 0 {
		t.Fatalf("schema at %d of %d (%v)", applied, latest, err)
	}
}

func TestCheckSchemaRefusesASchemaBehind(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenUnmigrated(t)
	if err := db.CheckSchema(ctx); err == nil {
		t.Fatal("CheckSchema accepted an unmigrated database")
	}
	n, err := db.Migrate(ctx)
	if err != nil || n == 0 {
		t.Fatalf("migrate applied %d (%v)", n, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("after migrate: %v", err)
	}
}

func TestUniqueViolationIsConflictAndNotFoundIsAnError(t *testing.T) {
	db := testutil.MustOpenDB(t)
	ctx := context.Background()
	if _, err := store.NewOrg(db).CreateInstitution(ctx, org.Institution{Slug: "uib", Name: "UiB"}); err != nil {
		t.Fatal(err)
	}
	_, err := store.NewOrg(db).CreateInstitution(ctx, org.Institution{Slug: "uib", Name: "UiB again"})
	if app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("duplicate slug: got %v, want conflict", err)
	}
	_, err = store.NewOrg(db).FindInstitutionByID(ctx, 9999)
	if app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("missing institution: got %v, want not_found", err)
	}
	_, err = store.NewOrg(db).CreateUnit(ctx, org.Unit{InstitutionID: 9999, Kind: "faculty", Code: "X", Name: "X"})
	if app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("unit of a missing institution: got %v, want invalid (foreign key)", err)
	}
}

func TestWithTxRollsBackOnError(t *testing.T) {
	db := testutil.MustOpenDB(t)
	ctx := context.Background()
	id, err := store.NewOrg(db).CreateInstitution(ctx, org.Institution{Slug: "uib", Name: "UiB"})
	if err != nil {
		t.Fatal(err)
	}
	in := org.Institution{ID: id}
	// CreateAccount inserts a person, then an account; a bad grant at the
	// end must leave neither behind.
	_, err = store.NewAuth(db).CreateAccount(ctx, authAccount(in.ID, "a@uib.no", 424242))
	if err == nil {
		t.Fatal("account with a grant on a missing unit was created")
	}
	if _, err := store.NewAuth(db).FindAccountByEmail(ctx, "a@uib.no"); app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("half-created account left behind: %v", err)
	}
	var persons int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM persons`).Scan(&persons); err != nil || persons != 0 {
		t.Fatalf("persons = %d (%v), want 0 after rollback", persons, err)
	}
}
