package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

// Recruit keeps postings, applications, reviews and contracts.
type Recruit struct{ db *DB }

// NewRecruit returns the recruiting repository over db.
func NewRecruit(db *DB) *Recruit { return &Recruit{db} }

var _ recruit.Store = (*Recruit)(nil)

// CreatePosting stores a posting.
func (st *Recruit) CreatePosting(ctx context.Context, p *recruit.Posting, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreatePosting, P{"program_id": p.ProgramID, "year": p.Year, "title": p.Title, "role": p.Role,
			"programme_code": p.ProgrammeCode, "positions": p.Positions, "starts_on": p.StartsOn, "ends_on": p.EndsOn,
			"hourly_ore": int64(p.Hourly), "deadline": p.Deadline, "account_id": nullID(accountID), "now": tx.Now})
		if err != nil {
			return err
		}
		p.ID = id
		for i, r := range p.Programmes {
			if _, err := tx.exec(qCreatePostingPos, P{"posting_id": id, "programme_code": r.ProgrammeCode, "positions": r.Count, "ordinal": i}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (st *Recruit) findPostings(ctx context.Context, p P) (out []recruit.Posting, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindPostings, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var x recruit.Posting
			err := r.Scan(&x.ID, &x.ProgramID, &x.ProgramName, &x.InstitutionID, &x.Lang, &x.Year, &x.Title, &x.Role, &x.ProgrammeCode, &x.Positions,
				&x.StartsOn, &x.EndsOn, &x.Hourly, &x.Deadline, &x.Applications)
			x.StartsOn, x.EndsOn, x.Deadline = utc(x.StartsOn), utc(x.EndsOn), utc(x.Deadline)
			out = append(out, x)
			return err
		}); err != nil {
			return err
		}
		idx := make(map[int64]int, len(out))
		for i, x := range out {
			idx[x.ID] = i
		}
		rows, err = tx.query(qFindPostingPos, p)
		return each(rows, err, func(r *sql.Rows) error {
			var id int64
			var x recruit.Position
			err := r.Scan(&id, &x.ProgrammeCode, &x.Count)
			if i, ok := idx[id]; ok {
				out[i].Programmes = append(out[i].Programmes, x)
			}
			return err
		})
	})
	for i, x := range out {
		if len(x.Programmes) > 0 {
			out[i].ProgrammeCode, out[i].Positions = recruit.Summary(x.Programmes)
		}
	}
	return out, err
}

// FindPosting returns a posting.
func (st *Recruit) FindPosting(ctx context.Context, id int64) (recruit.Posting, error) {
	ps, err := st.findPostings(ctx, P{"id": id, "program_id": 0, "year": 0})
	if err == nil && len(ps) == 0 {
		err = app.NotFound("posting")
	}
	if err != nil {
		return recruit.Posting{}, err
	}
	return ps[0], nil
}

// FindPostings lists a program year's postings.
func (st *Recruit) FindPostings(ctx context.Context, programID int64, year int) ([]recruit.Posting, error) {
	return st.findPostings(ctx, P{"id": 0, "program_id": programID, "year": year})
}

// CreateApplication stores an application; a conflict when the student
// number applied to the posting already.
func (st *Recruit) CreateApplication(ctx context.Context, a *recruit.Application) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		ids, err := tx.ids(qCreateApplication, P{"posting_id": a.PostingID, "given_name": a.GivenName, "family_name": a.FamilyName,
			"email": a.Email, "student_number": a.StudentNumber, "programme_code": a.Programme, "cohort": a.Cohort,
			"motivation": a.Motivation, "experience": a.Experience, "slots": strings.Join(a.Slots, "|"), "cv": cvArg(a.CV),
			"cv_name": a.CVName, "now": tx.Now})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return &app.Error{Code: app.CodeConflict, Key: "recruit.applied", Message: "this student number has applied to the posting already"}
		}
		a.ID, a.SubmittedAt = ids[0], tx.Now
		return nil
	})
}

// FindApplications lists a posting's applications (or one by id) with
// their reviews.
func (st *Recruit) FindApplications(ctx context.Context, postingID, id int64) (out []recruit.Application, err error) {
	p := P{"posting_id": postingID, "id": id}
	err = st.db.read(ctx, func(tx *Tx) error {
		idx := map[int64]int{}
		rows, err := tx.query(qFindApplications, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var a recruit.Application
			var slots string
			err := r.Scan(&a.ID, &a.PostingID, &a.GivenName, &a.FamilyName, &a.Email, &a.StudentNumber, &a.Programme, &a.Cohort,
				&a.Motivation, &a.Experience, &slots, &a.State, &a.SubmittedAt, &a.CVName)
			a.SubmittedAt = utc(a.SubmittedAt)
			if slots != "" {
				a.Slots = strings.Split(slots, "|")
			}
			idx[a.ID] = len(out)
			out = append(out, a)
			return err
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindReviews, p)
		return each(rows, err, func(r *sql.Rows) error {
			var aid int64
			var rv recruit.Review
			err := r.Scan(&aid, &rv.AccountID, &rv.Reviewer, &rv.Score, &rv.Comment, &rv.ReviewedAt)
			rv.ReviewedAt = utc(rv.ReviewedAt)
			if i, ok := idx[aid]; ok {
				out[i].Reviews = append(out[i].Reviews, rv)
			}
			return err
		})
	})
	return out, err
}

// SaveReview records or replaces a committee member's review.
func (st *Recruit) SaveReview(ctx context.Context, applicationID, accountID int64, score int, comment string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSaveReview, P{"application_id": applicationID, "account_id": accountID, "score": score, "comment": comment, "now": tx.Now})
		return err
	})
}

// SetState moves an application from one state to another.
func (st *Recruit) SetState(ctx context.Context, id int64, from, to string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qSetApplicationState, P{"to_state": to, "now": tx.Now, "id": id, "from_state": from})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &app.Error{Code: app.CodeConflict, Key: "recruit.moved", Message: "the application was decided meanwhile"}
		}
		return nil
	})
}

// Hire makes an accepted application's applicant a mentor of the
// posting's program year in one unit.
func (st *Recruit) Hire(ctx context.Context, p recruit.Posting, a recruit.Application) (pid int64, err error) {
	err = st.db.Unit(ctx, func(ctx context.Context) error {
		tx := st.db.joining(ctx)
		var person int64
		err := tx.get(qRecruitFindPerson, P{"program_id": p.ProgramID, "student_number": a.StudentNumber}, "person", &person)
		if app.ErrorCode(err) == app.CodeNotFound {
			person, err = tx.insert(qRecruitCreatePerson, P{"given_name": a.GivenName, "family_name": a.FamilyName, "email": a.Email,
				"student_number": a.StudentNumber, "now": tx.Now, "program_id": p.ProgramID})
		}
		if err != nil {
			return err
		}
		programme := a.Programme
		if programme == "" {
			programme = p.ProgrammeCode
		}
		// A mentor of the year already (imported before the paperwork)
		// gets the contract; anyone else becomes one.
		err = tx.get(qRecruitFindMentor, P{"program_id": p.ProgramID, "year": p.Year, "person_id": person}, "participant", &pid)
		if app.ErrorCode(err) == app.CodeNotFound {
			pid, err = (&People{st.db}).CreateParticipant(ctx, people.Participant{ProgramID: p.ProgramID, Year: p.Year, PersonID: person,
				Role: people.Mentor, ExternalID: a.StudentNumber, GivenName: a.GivenName, FamilyName: a.FamilyName, Email: a.Email,
				Programme: programme, Cohort: a.Cohort, Slots: a.Slots, Kind: "senior_student", MaxGroups: 1, Source: "application",
				State: "active"})
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(qCreateContract, P{"participant_id": pid, "posting_id": p.ID, "starts_on": p.StartsOn, "ends_on": p.EndsOn,
			"hourly_ore": int64(p.Hourly), "now": tx.Now}); err != nil {
			return err
		}
		res, err := tx.exec(qHiredApplication, P{"now": tx.Now, "participant_id": pid, "id": a.ID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &app.Error{Code: app.CodeConflict, Key: "recruit.moved", Message: "the application was decided meanwhile"}
		}
		return nil
	})
	return pid, err
}

// FindContinuity returns a program year's active mentors, when their
// contracts end, and the mentors of earlier years who are not back.
func (st *Recruit) FindContinuity(ctx context.Context, programID int64, year int) (mentors int, ends []time.Time, former []recruit.Former, err error) {
	p := P{"program_id": programID, "year": year}
	err = st.db.read(ctx, func(tx *Tx) error {
		if err := tx.get(qCountYearMentors, p, "mentors", &mentors); err != nil {
			return err
		}
		rows, err := tx.query(qFindContractEnds, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var t time.Time
			err := r.Scan(&t)
			ends = append(ends, utc(t))
			return err
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindFormerMentors, p)
		return each(rows, err, func(r *sql.Rows) error {
			var f recruit.Former
			err := r.Scan(&f.PersonID, &f.Year, &f.Name, &f.Email)
			former = append(former, f)
			return err
		})
	})
	return mentors, ends, former, err
}

// cvArg is a CV as a parameter: NULL for none.
func cvArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// FindCV returns an application's CV.
func (st *Recruit) FindCV(ctx context.Context, id int64) (data []byte, name string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindCV, P{"id": id}, "cv", &data, &name)
	})
	return data, name, err
}

// FindProgrammeCodes lists the codes of an institution's study programmes.
func (st *Recruit) FindProgrammeCodes(ctx context.Context, inst int64) ([]string, error) {
	return (&People{st.db}).FindProgrammeCodes(ctx, inst)
}

// SaveOfferToken stores the hash of an application's offer secret.
func (st *Recruit) SaveOfferToken(ctx context.Context, applicationID int64, hash string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSaveOfferToken, P{"application_id": applicationID, "token_hash": hash, "now": tx.Now})
		return err
	})
}

// MarkOfferMailed records that the link has been mailed.
func (st *Recruit) MarkOfferMailed(ctx context.Context, applicationID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qMarkOfferMailed, P{"now": tx.Now, "application_id": applicationID})
		return err
	})
}

// OfferMailed tells whether an application's link has been mailed.
func (st *Recruit) OfferMailed(ctx context.Context, applicationID int64) (mailed bool, err error) {
	var n int
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qOfferMailed, P{"application_id": applicationID}, "offer", &n)
	})
	return n > 0, err
}

// FindOfferToken returns the application of an offer secret's hash.
func (st *Recruit) FindOfferToken(ctx context.Context, hash string) (id int64, stored string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindOfferToken, P{"token_hash": hash}, "offer", &id, &stored)
	})
	return id, stored, err
}
