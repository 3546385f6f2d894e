package store

import (
	"context"
	"database/sql"

	"github.com/mentorhub/mentorhub/internal/program"
)

var _ program.Store = (*DB)(nil)

// CreateProgram inserts a program.
func (db *DB) CreateProgram(ctx context.Context, p program.Program) (id int64, err error) {
	err = db.WithTx(ctx, func(tx *Tx) error {
		id, err = tx.insert("CreateProgram", P{"institution_id": p.InstitutionID, "unit_id": nullID(p.UnitID),
			"code": p.Code, "name": p.Name, "now": tx.Now})
		return err
	})
	return id, err
}

func scanProgram(sc interface{ Scan(...any) error }) (program.Program, error) {
	var p program.Program
	err := sc.Scan(&p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.CreatedAt)
	p.CreatedAt = utc(p.CreatedAt)
	return p, err
}

// FindProgramByID returns one program.
func (db *DB) FindProgramByID(ctx context.Context, id int64) (p program.Program, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		err := tx.get("FindProgramByID", P{"id": id}, "program", &p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.CreatedAt)
		p.CreatedAt = utc(p.CreatedAt)
		return err
	})
	return p, err
}

// FindProgramByCode returns a program by its program_id within an institution.
func (db *DB) FindProgramByCode(ctx context.Context, inst int64, code string) (p program.Program, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		err := tx.get("FindProgramByCode", P{"institution_id": inst, "code": code}, "program", &p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.CreatedAt)
		p.CreatedAt = utc(p.CreatedAt)
		return err
	})
	return p, err
}

// FindPrograms lists the programs of an institution, or all for 0.
func (db *DB) FindPrograms(ctx context.Context, inst int64) (out []program.Program, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		var rows *sql.Rows
		var err error
		if inst == 0 {
			rows, err = tx.query("FindAllPrograms", P{})
		} else {
			rows, err = tx.query("FindProgramsOfInstitution", P{"institution_id": inst})
		}
		return each(rows, err, func(r *sql.Rows) error {
			p, err := scanProgram(r)
			out = append(out, p)
			return err
		})
	})
	return out, err
}

// ProgramInstitution returns the institution of a program.
func (db *DB) ProgramInstitution(ctx context.Context, id int64) (int64, error) {
	p, err := db.FindProgramByID(ctx, id)
	return p.InstitutionID, err
}
