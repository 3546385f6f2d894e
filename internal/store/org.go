package store

import (
	"context"
	"database/sql"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
)

var _ org.Store = (*Org)(nil)

// CreateInstitution inserts an institution.
func (st *Org) CreateInstitution(ctx context.Context, in org.Institution) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateInstitution, P{"slug": in.Slug, "name": in.Name, "feide_realm": nullStr(in.FeideRealm), "now": tx.Now})
		return err
	})
	return id, err
}

func scanInstitution(sc interface{ Scan(...any) error }, in *org.Institution) error {
	return sc.Scan(&in.ID, &in.Slug, &in.Name, &in.FeideRealm, &in.CreatedAt)
}

// FindInstitutionByID returns one institution.
func (st *Org) FindInstitutionByID(ctx context.Context, id int64) (in org.Institution, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindInstitutionByID, P{"id": id}, "institution", &in.ID, &in.Slug, &in.Name, &in.FeideRealm, &in.CreatedAt)
	})
	in.CreatedAt = utc(in.CreatedAt)
	return in, err
}

// FindInstitutionBySlug returns one institution by its short name.
func (st *Org) FindInstitutionBySlug(ctx context.Context, slug string) (in org.Institution, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindInstitutionBySlug, P{"slug": slug}, "institution", &in.ID, &in.Slug, &in.Name, &in.FeideRealm, &in.CreatedAt)
	})
	in.CreatedAt = utc(in.CreatedAt)
	return in, err
}

// FindInstitutions lists every institution.
func (st *Org) FindInstitutions(ctx context.Context) (out []org.Institution, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindInstitutions, P{})
		return each(rows, err, func(r *sql.Rows) error {
			var in org.Institution
			if err := scanInstitution(r, &in); err != nil {
				return err
			}
			in.CreatedAt = utc(in.CreatedAt)
			out = append(out, in)
			return nil
		})
	})
	return out, err
}

// CreateUnit inserts an organisation unit.
func (st *Org) CreateUnit(ctx context.Context, u org.Unit) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateUnit, P{"institution_id": u.InstitutionID, "parent_id": nullID(u.ParentID),
			"kind": u.Kind, "code": u.Code, "name": u.Name})
		return err
	})
	return id, err
}

func scanUnit(sc interface{ Scan(...any) error }, u *org.Unit) error {
	return sc.Scan(&u.ID, &u.InstitutionID, &u.ParentID, &u.Kind, &u.Code, &u.Name)
}

// FindUnitByID returns one unit.
func (st *Org) FindUnitByID(ctx context.Context, id int64) (u org.Unit, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindUnitByID, P{"id": id}, "unit", &u.ID, &u.InstitutionID, &u.ParentID, &u.Kind, &u.Code, &u.Name)
	})
	return u, err
}

// FindUnitByCode returns a unit of an institution by code.
func (st *Org) FindUnitByCode(ctx context.Context, inst int64, code string) (u org.Unit, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindUnitByCode, P{"institution_id": inst, "code": code}, "unit", &u.ID, &u.InstitutionID, &u.ParentID, &u.Kind, &u.Code, &u.Name)
	})
	return u, err
}

// FindUnits lists an institution's units.
func (st *Org) FindUnits(ctx context.Context, inst int64) (out []org.Unit, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindUnits, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var u org.Unit
			if err := scanUnit(r, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	return out, err
}

// UnitInstitution returns the institution of a unit.
func (st *Org) UnitInstitution(ctx context.Context, unitID int64) (int64, error) {
	u, err := st.FindUnitByID(ctx, unitID)
	return u.InstitutionID, err
}

// CreateProgramme inserts a study programme.
func (st *Org) CreateProgramme(ctx context.Context, p org.Programme) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateProgramme, P{"institution_id": p.InstitutionID, "unit_id": nullID(p.UnitID), "code": p.Code, "name": p.Name})
		return err
	})
	return id, err
}

// FindProgrammeByCode returns a programme by code.
func (st *Org) FindProgrammeByCode(ctx context.Context, inst int64, code string) (p org.Programme, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindProgrammeByCode, P{"institution_id": inst, "code": code}, "study programme",
			&p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.Students)
	})
	return p, err
}

// FindProgrammes lists an institution's programmes with their populations.
func (st *Org) FindProgrammes(ctx context.Context, inst int64) (out []org.Programme, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindProgrammes, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var p org.Programme
			if err := r.Scan(&p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.Students); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	return out, err
}

// UpsertCohort sets a cohort's population.
func (st *Org) UpsertCohort(ctx context.Context, c org.Cohort) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qUpsertCohort, P{"programme_id": c.ProgrammeID, "term": c.Term, "students": c.Students})
		return err
	})
}

// FindCohorts lists the cohorts of an institution.
func (st *Org) FindCohorts(ctx context.Context, inst int64) (out []org.Cohort, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindCohorts, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var c org.Cohort
			if err := r.Scan(&c.ID, &c.ProgrammeID, &c.Term, &c.Students); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// ImportPopulations creates or renames programmes and sets cohort sizes in
// one transaction.
func (st *Org) ImportPopulations(ctx context.Context, inst int64, rows []org.PopulationRow) (res org.PopulationResult, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		res = org.PopulationResult{}
		ids := map[string]int64{}
		for _, r := range rows {
			id, ok := ids[r.ProgrammeCode]
			if !ok {
				var p org.Programme
				err := tx.get(qFindProgrammeByCode, P{"institution_id": inst, "code": r.ProgrammeCode}, "study programme",
					&p.ID, &p.InstitutionID, &p.UnitID, &p.Code, &p.Name, &p.Students)
				switch {
				case app.ErrorCode(err) == app.CodeNotFound:
					if p.ID, err = tx.insert(qCreateProgramme, P{"institution_id": inst, "unit_id": nullID(r.UnitID), "code": r.ProgrammeCode, "name": r.ProgrammeName}); err != nil {
						return err
					}
					res.ProgrammesCreated++
				case err != nil:
					return err
				default:
					unit := p.UnitID
					if r.UnitID != 0 {
						unit = r.UnitID
					}
					if p.Name != r.ProgrammeName || unit != p.UnitID {
						if _, err := tx.exec(qUpdateProgramme, P{"id": p.ID, "name": r.ProgrammeName, "unit_id": nullID(unit)}); err != nil {
							return err
						}
					}
				}
				id = p.ID
				ids[r.ProgrammeCode] = id
			}
			if _, err := tx.exec(qUpsertCohort, P{"programme_id": id, "term": r.Cohort, "students": r.Students}); err != nil {
				return err
			}
			res.Cohorts++
		}
		return nil
	})
	return res, err
}
