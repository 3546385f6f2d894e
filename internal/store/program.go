package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

var _ program.Store = (*Programs)(nil)

func optIntArg(v *int) any {
	if v == nil {
		return nil
	}
	return int64(*v)
}

func optBoolArg(v *bool) any {
	if v == nil {
		return nil
	}
	return *v
}

// programParams are the named parameters of CreateProgram and UpdateProgram.
func programParams(p program.Program, now any) P {
	return P{
		"institution_id": p.InstitutionID, "unit_id": nullID(p.UnitID), "code": p.Code, "name": p.Name,
		"unit_name": p.UnitName, "level": p.Level, "transition": p.Transition, "model": p.Model,
		"mentor_kinds": strings.Join(p.MentorKinds, "|"), "mandatory": p.Mandatory, "enrolment": p.Enrolment,
		"credits": optBoolArg(p.Credits), "paid": p.Paid, "group_size": p.GroupSize,
		"mentors_per_group": optIntArg(p.MentorsPerGroup), "students_offered": optIntArg(p.StudentsOffered),
		"started": int64(p.Started), "ended": optIntArg(p.Ended), "end_reason": p.EndReason, "status": p.Status,
		"relevance": p.Relevance, "funding": p.Funding, "url": p.URL, "contact": p.Contact, "purpose": p.Purpose,
		"expectations": p.Expectations, "how_to_join": p.HowToJoin, "public": p.Public, "is_example": p.IsExample,
		"example_worked": p.Example.Worked, "example_not_worked": p.Example.NotWorked, "example_links": p.Example.Links,
		"content_language": p.Language, "now": now, "id": p.ID, "version": p.Version,
	}
}

func scanProgram(sc interface{ Scan(...any) error }) (program.Program, error) {
	var p program.Program
	var kinds string
	var credits sql.NullBool
	var mpg, offered, ended sql.NullInt64
	var updated sql.NullTime
	err := sc.Scan(&p.ID, &p.InstitutionID, &p.InstitutionName, &p.UnitID, &p.Code, &p.Name, &p.UnitName, &p.Level,
		&p.Transition, &p.Model, &kinds, &p.Mandatory, &p.Enrolment, &credits, &p.Paid, &p.GroupSize, &mpg, &offered,
		&p.Started, &ended, &p.EndReason, &p.Status, &p.Relevance, &p.Funding, &p.URL, &p.Contact, &p.Purpose,
		&p.Expectations, &p.HowToJoin, &p.Public, &p.IsExample, &p.Example.Worked, &p.Example.NotWorked,
		&p.Example.Links, &p.CreatedAt, &updated, &p.Version, &p.Language)
	if err != nil {
		return p, err
	}
	if kinds != "" {
		p.MentorKinds = strings.Split(kinds, "|")
	}
	if credits.Valid {
		p.Credits = &credits.Bool
	}
	intp := func(n sql.NullInt64) *int {
		if !n.Valid {
			return nil
		}
		v := int(n.Int64)
		return &v
	}
	p.MentorsPerGroup, p.StudentsOffered, p.Ended = intp(mpg), intp(offered), intp(ended)
	p.CreatedAt = utc(p.CreatedAt)
	if updated.Valid {
		p.UpdatedAt = utc(updated.Time)
	}
	return p, nil
}

// findPrograms runs a program query and attaches criteria and served
// programmes (programID 0: load those of every program, in two queries;
// below 0: attach none).
func findPrograms(tx *Tx, q *queryRef, p P, programID int64) ([]program.Program, error) {
	var out []program.Program
	rows, err := tx.query(q, p)
	if err := each(rows, err, func(r *sql.Rows) error {
		pr, err := scanProgram(r)
		out = append(out, pr)
		return err
	}); err != nil {
		return nil, err
	}
	if len(out) == 0 || programID < 0 {
		return out, nil
	}
	idx := map[int64]int{}
	for i, pr := range out {
		idx[pr.ID] = i
	}
	rows, err = tx.query(qFindCriteria, P{"program_id": programID})
	if err := each(rows, err, func(r *sql.Rows) error {
		var pid int64
		var n int
		var c program.Criterion
		if err := r.Scan(&pid, &n, &c.Met, &c.Evidence); err != nil {
			return err
		}
		if i, ok := idx[pid]; ok && n >= 1 && n <= program.Criteria {
			out[i].Criteria[n-1] = c
		}
		return nil
	}); err != nil {
		return nil, err
	}
	// Criterion 2 is computed from the training records wherever the
	// program's current year has mentors here.
	rows, err = tx.query(qFindTrainedMentors, P{"program_id": programID, "year": program.AcademicYear(tx.Now)})
	if err := each(rows, err, func(r *sql.Rows) error {
		var pid int64
		var t program.Trained
		if err := r.Scan(&pid, &t.Mentors, &t.Trained); err != nil {
			return err
		}
		if i, ok := idx[pid]; ok && t.Mentors > 0 {
			out[i].Criteria[1] = program.TrainingCriterion(out[i].Criteria[1], t)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = tx.query(qFindServed, P{"program_id": programID})
	err = each(rows, err, func(r *sql.Rows) error {
		var pid int64
		var s program.Served
		if err := r.Scan(&pid, &s.ProgrammeID, &s.ProgrammeCode, &s.Cohort); err != nil {
			return err
		}
		if i, ok := idx[pid]; ok {
			out[i].Served = append(out[i].Served, s)
		}
		return nil
	})
	return out, err
}

func (st *Programs) findOneProgram(ctx context.Context, q *queryRef, p P) (program.Program, error) {
	var out []program.Program
	err := st.db.read(ctx, func(tx *Tx) error {
		// Find the id first, so criteria and served load for one program only.
		first, err := findPrograms(tx, q, p, -1)
		if err != nil || len(first) == 0 {
			out = first
			return err
		}
		out, err = findPrograms(tx, qFindProgramByID, P{"id": first[0].ID}, first[0].ID)
		return err
	})
	if err != nil {
		return program.Program{}, err
	}
	if len(out) == 0 {
		return program.Program{}, app.NotFound("program")
	}
	return out[0], nil
}

// FindProgramByID returns one program with its criteria and programmes.
func (st *Programs) FindProgramByID(ctx context.Context, id int64) (program.Program, error) {
	return st.findOneProgram(ctx, qFindProgramByID, P{"id": id})
}

// FindProgramByCode returns a program by program_id within an institution.
func (st *Programs) FindProgramByCode(ctx context.Context, inst int64, code string) (program.Program, error) {
	return st.findOneProgram(ctx, qFindProgramByCode, P{"institution_id": inst, "code": code})
}

// FindProgramByAnyCode returns a program by its program_id.
func (st *Programs) FindProgramByAnyCode(ctx context.Context, code string) (program.Program, error) {
	return st.findOneProgram(ctx, qFindProgramByAnyCode, P{"code": code})
}

// FindPrograms lists the programs of an institution, or all for 0.
func (st *Programs) FindPrograms(ctx context.Context, inst int64) (out []program.Program, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		if inst == 0 {
			out, err = findPrograms(tx, qFindAllPrograms, P{}, 0)
		} else {
			out, err = findPrograms(tx, qFindProgramsOfInstitution, P{"institution_id": inst}, 0)
		}
		return err
	})
	return out, err
}

// FindPublicPrograms lists the published programs in registration order.
func (st *Programs) FindPublicPrograms(ctx context.Context) (out []program.Program, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = findPrograms(tx, qFindPublicPrograms, P{}, 0)
		return err
	})
	return out, err
}

// ProgramInstitution returns the institution of a program.
func (st *Programs) ProgramInstitution(ctx context.Context, id int64) (int64, error) {
	var out []program.Program
	err := st.db.read(ctx, func(tx *Tx) (err error) {
		out, err = findPrograms(tx, qFindProgramByID, P{"id": id}, -1)
		return err
	})
	if err != nil {
		return 0, err
	}
	if len(out) == 0 {
		return 0, app.NotFound("program")
	}
	return out[0].InstitutionID, nil
}

// writeParts writes a program's criteria and served programmes; replace
// first deletes the old ones (an update), a new program has none.
func writeParts(tx *Tx, p program.Program, replace bool) error {
	if replace {
		if _, err := tx.exec(qDeleteCriteria, P{"program_id": p.ID}); err != nil {
			return err
		}
		if _, err := tx.exec(qDeleteServed, P{"program_id": p.ID}); err != nil {
			return err
		}
	}
	cp := P{"program_id": p.ID}
	for i, c := range p.Criteria {
		cp[fmt.Sprintf("met%d", i+1)], cp[fmt.Sprintf("evidence%d", i+1)] = c.Met, c.Evidence
	}
	if _, err := tx.exec(qCreateCriteria, cp); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, s := range p.Served {
		k := fmt.Sprint(s.ProgrammeID, s.Cohort)
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, err := tx.exec(qCreateServed, P{"program_id": p.ID, "programme_id": s.ProgrammeID, "cohort": s.Cohort}); err != nil {
			return err
		}
	}
	return nil
}

func createProgramTx(tx *Tx, p program.Program) (int64, error) {
	id, err := tx.insert(qCreateProgram, programParams(p, tx.Now))
	if err != nil {
		return 0, err
	}
	p.ID = id
	return id, writeParts(tx, p, false)
}

// CreateProgram inserts a program with its criteria and served programmes.
func (st *Programs) CreateProgram(ctx context.Context, p program.Program) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = createProgramTx(tx, p)
		return err
	})
	return id, err
}

func saveProgramTx(tx *Tx, p program.Program, h program.HistoryEntry, accountID int64) error {
	res, err := tx.exec(qUpdateProgram, programParams(p, tx.Now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &app.Error{Code: app.CodeConflict, Key: "program.stale", Message: "someone else changed this program meanwhile; reload it and make your change again"}
	}
	if err := writeParts(tx, p, true); err != nil {
		return err
	}
	changes, err := json.Marshal(h.Changes)
	if err != nil {
		return app.Internal(err)
	}
	_, err = tx.exec(qCreateProgramHistory, P{"program_id": p.ID, "now": tx.Now, "account_id": nullID(accountID), "actor": h.Actor, "changes": string(changes)})
	return err
}

// SaveProgram updates a program at its version and records the change.
func (st *Programs) SaveProgram(ctx context.Context, p program.Program, h program.HistoryEntry, accountID int64) (program.Program, error) {
	if err := st.db.Write(ctx, func(tx *Tx) error { return saveProgramTx(tx, p, h, accountID) }); err != nil {
		return program.Program{}, err
	}
	return st.FindProgramByID(ctx, p.ID)
}

// FindProgramHistory returns a program's changes, newest first.
func (st *Programs) FindProgramHistory(ctx context.Context, id int64) (out []program.HistoryEntry, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindProgramHistory, P{"program_id": id})
		return each(rows, err, func(r *sql.Rows) error {
			var h program.HistoryEntry
			var changes string
			if err := r.Scan(&h.At, &h.Actor, &changes); err != nil {
				return err
			}
			h.At = utc(h.At)
			if err := json.Unmarshal([]byte(changes), &h.Changes); err != nil {
				return err
			}
			out = append(out, h)
			return nil
		})
	})
	return out, err
}

var instSlugRE = regexp.MustCompile(`[^a-z0-9]+`)

// institutionTx finds an institution by name, creating it when missing.
func institutionTx(tx *Tx, name string, cache map[string]int64) (id int64, created bool, err error) {
	key := strings.ToLower(name)
	if id, ok := cache[key]; ok {
		return id, false, nil
	}
	err = tx.get(qFindInstitutionByName, P{"name": name}, "institution", &id)
	if app.ErrorCode(err) == app.CodeNotFound {
		base := strings.Trim(instSlugRE.ReplaceAllString(app.Fold(name), "-"), "-")
		if len(base) > 36 {
			base = base[:36]
			if i := strings.LastIndex(base, "-"); i > 10 {
				base = base[:i] // cut at a word boundary
			}
			base = strings.Trim(base, "-")
		}
		if len(base) < 2 {
			base = "inst"
		}
		slug := base
		for n := 2; ; n++ {
			var existing int64
			e := tx.get(qFindInstitutionBySlug, P{"slug": slug}, "institution", &existing, new(string), new(string), new(string), new(any))
			if app.ErrorCode(e) == app.CodeNotFound {
				break
			} else if e != nil {
				return 0, false, e
			}
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		id, err = tx.insert(qCreateInstitution, P{"slug": slug, "name": name, "feide_realm": nil, "now": tx.Now})
		created = true
	}
	if err == nil {
		cache[key] = id
	}
	return id, created, err
}

// ImportPrograms creates and updates programs in one transaction.
func (st *Programs) ImportPrograms(ctx context.Context, items []program.ImportItem, actor string, accountID int64) (res program.ImportResult, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		res = program.ImportResult{}
		cache := map[string]int64{}
		unitCache := map[string]int64{}
		for _, it := range items {
			p := it.Program
			switch {
			case it.Existing && len(it.History.Changes) == 0:
				res.Unchanged++
				continue
			case !it.Existing:
				id, created, err := institutionTx(tx, it.Institution, cache)
				if err != nil {
					return err
				}
				if created {
					res.Institutions++
				}
				p.InstitutionID = id
			}
			if p.UnitID == 0 && p.UnitName != "" {
				key := fmt.Sprint(p.InstitutionID, "\x00", strings.ToLower(p.UnitName))
				unit, ok := unitCache[key]
				if !ok {
					err := tx.get(qFindUnitByName, P{"institution_id": p.InstitutionID, "name": p.UnitName}, "unit", &unit)
					if err != nil && app.ErrorCode(err) != app.CodeNotFound {
						return err
					}
					unitCache[key] = unit
				}
				p.UnitID = unit
			}
			if it.Existing {
				if err := saveProgramTx(tx, p, it.History, accountID); err != nil {
					return err
				}
				res.Updated++
				continue
			}
			if _, err := createProgramTx(tx, p); err != nil {
				return err
			}
			res.Created++
		}
		return nil
	})
	return res, err
}

// FindYearFigures counts, per program year from..to, the groups formed and
// the students taking part, for an institution's programs (inst 0: all)
// or, with programID (not 0), one program's. Counts only: no person is read.
func (st *Programs) FindYearFigures(ctx context.Context, inst, programID int64, from, to int) (out []program.YearFigures, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYearFigures, P{"institution_id": inst, "program_id": programID, "from": from, "to": to})
		return each(rows, err, func(r *sql.Rows) error {
			var f program.YearFigures
			if err := r.Scan(&f.ProgramID, &f.Year, &f.Groups, &f.Students); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	})
	return out, err
}
