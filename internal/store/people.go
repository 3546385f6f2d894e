package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

var _ people.Store = (*People)(nil)

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// studentLike kinds of mentor are students: their mentor_id is a student number.
func studentLike(kind string) bool { return kind == "senior_student" || kind == "master_student" }

func participantParams(x people.Participant, now time.Time) P {
	return P{
		"id": x.ID, "program_id": x.ProgramID, "year": x.Year, "person_id": x.PersonID, "role": x.Role, "external_id": x.ExternalID,
		"programme_code": x.Programme, "cohort": x.Cohort, "campus": x.Campus, "language": x.Language,
		"gender": x.Gender, "international": x.International, "slots": strings.Join(x.Slots, "|"),
		"with_ref": x.With, "avoid_ref": x.Avoid, "file_opt_out": x.FileOptOut, "kind": x.Kind,
		"max_groups": int64(max(x.MaxGroups, 1)), "field": x.Field, "sector": x.Sector,
		"languages": strings.Join(x.Languages, "|"), "ranking": strings.Join(x.Ranking, "|"),
		"motivation": x.Motivation, "chief": x.Chief, "source": x.Source, "state": x.State,
		"state_reason": x.Reason, "state_at": nullTime(x.StateAt), "now": now,
	}
}

func scanParticipant(sc interface{ Scan(...any) error }) (people.Participant, error) {
	var x people.Participant
	var slots, langs, ranking string
	var stateAt sql.NullTime
	var maxGroups int64
	err := sc.Scan(&x.ID, &x.ProgramID, &x.Year, &x.PersonID, &x.Role, &x.ExternalID, &x.GivenName, &x.FamilyName, &x.Email,
		&x.Programme, &x.Cohort, &x.Campus, &x.Language, &x.Gender, &x.International, &slots, &x.With, &x.Avoid,
		&x.FileOptOut, &x.Kind, &maxGroups, &x.Field, &x.Sector, &langs, &ranking, &x.Motivation, &x.Chief,
		&x.Source, &x.InRoster, &x.State, &x.Reason, &stateAt, &x.CreatedAt, &x.UpdatedAt)
	if err != nil {
		return x, err
	}
	x.MaxGroups = int(maxGroups)
	x.Slots, x.Languages, x.Ranking = splitList(slots), splitList(langs), splitList(ranking)
	if stateAt.Valid {
		x.StateAt = utc(stateAt.Time)
	}
	x.CreatedAt, x.UpdatedAt = utc(x.CreatedAt), utc(x.UpdatedAt)
	return x, nil
}

func findParticipants(tx *Tx, q *queryRef, p P) (out []people.Participant, err error) {
	rows, err := tx.query(q, p)
	err = each(rows, err, func(r *sql.Rows) error {
		x, err := scanParticipant(r)
		out = append(out, x)
		return err
	})
	return out, err
}

// memberships adds the group ids to the participants.
func memberships(tx *Tx, q *queryRef, p P, xs []people.Participant) error {
	idx := make(map[int64]int, len(xs))
	for i, x := range xs {
		idx[x.ID] = i
	}
	rows, err := tx.query(q, p)
	return each(rows, err, func(r *sql.Rows) error {
		var pid, gid int64
		if err := r.Scan(&pid, &gid); err != nil {
			return err
		}
		if i, ok := idx[pid]; ok {
			xs[i].GroupIDs = append(xs[i].GroupIDs, gid)
		}
		return nil
	})
}

// FindParticipants lists a program year's participants of a role, by external id.
func (st *People) FindParticipants(ctx context.Context, programID int64, year int, role string) (out []people.Participant, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year, "role": role}
		if out, err = findParticipants(tx, qFindParticipants, p); err != nil {
			return err
		}
		delete(p, "role")
		return memberships(tx, qFindMembershipsOfProgram, p, out)
	})
	return out, err
}

// FindParticipant returns one participant.
func (st *People) FindParticipant(ctx context.Context, id int64) (x people.Participant, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		xs, err := findParticipants(tx, qFindParticipant, P{"id": id})
		if err != nil {
			return err
		}
		if len(xs) == 0 {
			return app.NotFound("participant")
		}
		if err := memberships(tx, qFindMembershipsOfParticipant, P{"id": id}, xs); err != nil {
			return err
		}
		x = xs[0]
		return nil
	})
	return x, err
}

// FindParticipationsOfPerson lists a person's participations in programs.
func (st *People) FindParticipationsOfPerson(ctx context.Context, personID int64) (out []people.Participant, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		if out, err = findParticipants(tx, qFindParticipationsOfPerson, P{"person_id": personID}); err != nil {
			return err
		}
		return memberships(tx, qFindMembershipsOfPerson, P{"person_id": personID}, out)
	})
	return out, err
}

// participantColumns are the columns an import writes, in the order of
// participantRow.
const participantColumns = `program_id, year, person_id, role, external_id, programme_code, cohort, campus, language, gender,
    international, slots, with_ref, avoid_ref, file_opt_out, kind, max_groups, field, sector, languages, ranking,
    motivation, chief, source, in_roster, state, state_reason, state_at, created_at, updated_at,
    given_name, family_name, email`

// participantUpsert keeps what the participant chose themself (state,
// reason, chief, ranking, motivation) when an import updates them; the
// name and e-mail are the program's own view of the person.
const participantUpsert = `ON CONFLICT (program_id, year, role, external_id) DO UPDATE
SET person_id = excluded.person_id, programme_code = excluded.programme_code, cohort = excluded.cohort,
    campus = excluded.campus, language = excluded.language, gender = excluded.gender,
    international = excluded.international, slots = excluded.slots, with_ref = excluded.with_ref,
    avoid_ref = excluded.avoid_ref, file_opt_out = excluded.file_opt_out, kind = excluded.kind,
    max_groups = excluded.max_groups, field = excluded.field, sector = excluded.sector,
    languages = excluded.languages, source = excluded.source, in_roster = TRUE, updated_at = excluded.updated_at,
    given_name = excluded.given_name, family_name = excluded.family_name, email = excluded.email`

func participantRow(x people.Participant, now time.Time) []any {
	p := participantParams(x, now)
	if x.State == "" {
		p["state"] = people.Active
	}
	return []any{p["program_id"], p["year"], p["person_id"], p["role"], p["external_id"], p["programme_code"], p["cohort"], p["campus"],
		p["language"], p["gender"], p["international"], p["slots"], p["with_ref"], p["avoid_ref"], p["file_opt_out"], p["kind"],
		p["max_groups"], p["field"], p["sector"], p["languages"], p["ranking"], p["motivation"], p["chief"], p["source"], true,
		p["state"], p["state_reason"], p["state_at"], now, now, x.GivenName, x.FamilyName, x.Email}
}

// ApplyImport writes an import plan in one transaction, in multi-row
// statements: the persons (found by student number, or by employee id
// for staff mentors; created with the file's name and e-mail when new),
// then the participants with the name and e-mail as the program imported
// them; those removed are marked as no longer in the roster and leave
// their groups, as do those whose change takes them out of them.
//
// An existing person's record (which every program, the person's account
// and other institutions' views share) is updated from the file only when
// the plan is Trusted (an institution admin's or the system's import); a
// coordinator's import changes only the program's own participants.
func (st *People) ApplyImport(ctx context.Context, inst int64, pl *people.Plan) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		writes := append(append([]people.Change(nil), pl.Added...), pl.Changed...)
		var byNumber, byEmployee [][]any
		for _, c := range writes {
			x := c.New
			row := []any{inst, x.GivenName, x.FamilyName, nullStr(x.Email), x.ExternalID, tx.Now}
			if x.Role == people.Mentor && !studentLike(x.Kind) {
				byEmployee = append(byEmployee, row)
			} else {
				byNumber = append(byNumber, row)
			}
		}
		personOf := map[string]int64{} // "s:"+student number or "e:"+employee id
		for _, k := range []struct {
			prefix, column string
			rows           [][]any
		}{{"s:", "student_number", byNumber}, {"e:", "employee_id", byEmployee}} {
			// The no-op update returns the id of a person already known.
			set := k.column + " = persons." + k.column
			if pl.Trusted {
				set = "given_name = excluded.given_name, family_name = excluded.family_name, email = excluded.email"
			}
			err := tx.batch("INSERT INTO persons (institution_id, given_name, family_name, email, "+k.column+", created_at)",
				"ON CONFLICT (institution_id, "+k.column+") DO UPDATE SET "+set+" RETURNING id, "+k.column,
				6, k.rows, func(r *sql.Rows) error {
					var id int64
					var key string
					if err := r.Scan(&id, &key); err != nil {
						return err
					}
					personOf[k.prefix+key] = id
					return nil
				})
			if err != nil {
				return err
			}
		}
		rows := make([][]any, 0, len(writes))
		for _, c := range writes {
			x := c.New
			key := "s:" + x.ExternalID
			if x.Role == people.Mentor && !studentLike(x.Kind) {
				key = "e:" + x.ExternalID
			}
			if x.PersonID = personOf[key]; x.PersonID == 0 {
				return fmt.Errorf("line %d: no person for %s", c.Line, x.ExternalID)
			}
			rows = append(rows, participantRow(x, tx.Now))
		}
		if err := tx.batch("INSERT INTO participants ("+participantColumns+")", participantUpsert, 33, rows, nil); err != nil {
			return err
		}
		for _, c := range pl.Changed {
			if c.LeavesGroups() {
				if _, err := tx.exec(qLeaveGroups, P{"id": c.Old.ID, "now": tx.Now}); err != nil {
					return err
				}
			}
		}
		for _, c := range pl.Removed {
			if _, err := tx.exec(qRemoveFromRoster, P{"id": c.Old.ID, "now": tx.Now}); err != nil {
				return err
			}
			if _, err := tx.exec(qLeaveGroups, P{"id": c.Old.ID, "now": tx.Now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// CreateParticipant adds a participant of a known person. A participant
// without an external id gets the person's student number, or "p<person id>".
func (st *People) CreateParticipant(ctx context.Context, x people.Participant) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		if x.ExternalID == "" {
			var num string
			if err := tx.get(qFindPersonNumber, P{"id": x.PersonID}, "person", &num); err != nil {
				return err
			}
			x.ExternalID = num
			if num == "" {
				x.ExternalID = fmt.Sprintf("p%d", x.PersonID)
			}
		}
		id, err = tx.insert(qCreateParticipant, participantParams(x, tx.Now))
		return err
	})
	return id, err
}

// UpdateParticipant saves a participant's own choices and profile.
func (st *People) UpdateParticipant(ctx context.Context, x people.Participant, leaveGroups bool) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qUpdateParticipant, participantParams(x, tx.Now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("participant")
		}
		if leaveGroups {
			_, err = tx.exec(qLeaveGroups, P{"id": x.ID, "now": tx.Now})
		}
		return err
	})
}

// DeleteApplication removes an application awaiting a decision.
func (st *People) DeleteApplication(ctx context.Context, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qDeleteApplication, P{"id": id})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("application")
		}
		return nil
	})
}

// FindGroups lists a program year's groups with their members in order.
func (st *People) FindGroups(ctx context.Context, programID int64, year int) (out []people.Group, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = findGroups(tx, qFindGroups, qFindGroupMembers, P{"program_id": programID, "year": year})
		return err
	})
	return out, err
}

// FindGroup returns one group with its members (a student's or mentor's
// own group, without reading the rest of the program).
func (st *People) FindGroup(ctx context.Context, id int64) (people.Group, error) {
	var out []people.Group
	err := st.db.read(ctx, func(tx *Tx) (err error) {
		out, err = findGroups(tx, qFindGroupByID, qFindMembersOfGroup, P{"id": id})
		return err
	})
	if err == nil && len(out) == 0 {
		err = app.NotFound("group")
	}
	if err != nil {
		return people.Group{}, err
	}
	return out[0], nil
}

// findGroups reads groups by one query and their members by another.
func findGroups(tx *Tx, groupsQuery, membersQuery *queryRef, p P) (out []people.Group, err error) {
	rows, err := tx.query(groupsQuery, p)
	idx := map[int64]int{}
	err = each(rows, err, func(r *sql.Rows) error {
		var g people.Group
		if err := r.Scan(&g.ID, &g.ProgramID, &g.Year, &g.Code, &g.Name, &g.Programme, &g.Cohort, &g.MeetingSlot,
			&g.SlotCoverage, &g.Undersized, &g.Reasons); err != nil {
			return err
		}
		g.Students, g.Mentors = []people.Member{}, []people.Member{}
		idx[g.ID] = len(out)
		out = append(out, g)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = scanMembers(tx, membersQuery, p, func(gid int64, role string, m people.Member) {
		i, ok := idx[gid]
		if !ok {
			return
		}
		if role == people.Mentor {
			out[i].Mentors = append(out[i].Mentors, m)
		} else {
			out[i].Students = append(out[i].Students, m)
		}
	})
	return out, err
}

// scanMembers runs a members query and hands each row to add.
func scanMembers(tx *Tx, q *queryRef, p P, add func(groupID int64, role string, m people.Member)) error {
	rows, err := tx.query(q, p)
	return each(rows, err, func(r *sql.Rows) error {
		var gid int64
		var role string
		var m people.Member
		if err := r.Scan(&gid, &role, &m.ParticipantID, &m.ID, &m.GivenName, &m.FamilyName, &m.Email, &m.Cohort, &m.Kind, &m.Chief); err != nil {
			return err
		}
		add(gid, role, m)
		return nil
	})
}

// CountTakingPart counts a program's students taking part (in the roster,
// not opted out in the file or by themselves, not an open application).
func (st *People) CountTakingPart(ctx context.Context, programID int64, year int) (n int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qCountTakingPart, P{"program_id": programID, "year": year}, "count", &n)
	})
	return n, err
}

// LastAllocation returns the program's latest allocation (not a match).
func (st *People) LastAllocation(ctx context.Context, programID int64, year int) (a people.AllocationRecord, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qLastAllocation, P{"program_id": programID, "year": year}, "allocation",
			&a.ID, &a.ProgramID, &a.Year, &a.AccountID, &a.Mode, &a.Params, &a.Result, &a.CreatedAt)
	})
	return a, err
}

// FindLastGroup returns the group of a participant's latest closed
// student membership (not found when she was never in one).
func (st *People) FindLastGroup(ctx context.Context, participantID int64) (id int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindLastGroup, P{"id": participantID}, "group", &id)
	})
	return id, err
}

// FindMembersOn returns who was in a group at a moment, by the dated
// memberships: those open then, students and mentors.
func (st *People) FindMembersOn(ctx context.Context, groupID int64, at time.Time) (g people.Group, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		gs, err := findGroups(tx, qFindGroupByID, qFindMembersOn, P{"id": groupID, "at": at.UTC()})
		if err == nil && len(gs) == 0 {
			err = app.NotFound("group")
		}
		if err == nil {
			g = gs[0]
		}
		return err
	})
	return g, err
}

// JoinGroup opens a membership of a student in a group from now, last,
// and sets the group's slot coverage.
func (st *People) JoinGroup(ctx context.Context, groupID, participantID int64, coverage float64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qJoinGroup, P{"group_id": groupID, "participant_id": participantID, "now": tx.Now})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("group")
		}
		_, err = tx.exec(qSetGroupCoverage, P{"id": groupID, "slot_coverage": coverage})
		return err
	})
}

// RenameGroup renames a group of a program.
func (st *People) RenameGroup(ctx context.Context, programID int64, year int, groupID int64, name string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qRenameGroup, P{"id": groupID, "program_id": programID, "year": year, "name": name})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("group")
		}
		return nil
	})
}

// FindMapping returns a remembered column mapping (JSON).
func (st *People) FindMapping(ctx context.Context, inst int64, kind, key string) (m string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindMapping, P{"institution_id": inst, "kind": kind, "header_key": key}, "mapping", &m)
	})
	return m, err
}

// SaveMapping remembers a column mapping for a header layout.
func (st *People) SaveMapping(ctx context.Context, inst int64, kind, key, mapping string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSaveMapping, P{"institution_id": inst, "kind": kind, "header_key": key, "mapping": mapping, "now": tx.Now})
		return err
	})
}

// CreateDraft stores an uploaded file awaiting confirmation.
func (st *People) CreateDraft(ctx context.Context, d people.Draft) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateDraft, P{"program_id": d.ProgramID, "year": d.Year, "account_id": d.AccountID, "kind": d.Kind,
			"filename": d.Filename, "data": d.Data, "mapping": d.Mapping, "now": tx.Now})
		return err
	})
	return id, err
}

// FindDraft returns an upload.
func (st *People) FindDraft(ctx context.Context, id int64) (d people.Draft, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindDraft, P{"id": id}, "upload", &d.ID, &d.ProgramID, &d.Year, &d.AccountID, &d.Kind, &d.Filename, &d.Data, &d.Mapping, &d.CreatedAt)
	})
	return d, err
}

// DeleteDraft forgets an upload.
func (st *People) DeleteDraft(ctx context.Context, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qDeleteDraft, P{"id": id})
		return err
	})
}

// DeleteDraftsBefore forgets uploads older than t (housekeeping).
func (st *People) DeleteDraftsBefore(ctx context.Context, t time.Time) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qDeleteDraftsBefore, P{"before": t.UTC()})
		return err
	})
}

// FindSignup returns an opt-in program's sign-up settings.
func (st *People) FindSignup(ctx context.Context, programID int64) (s people.Signup, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		var deadline sql.NullTime
		var capacity sql.NullInt64
		if err := tx.get(qFindSignup, P{"program_id": programID}, "sign-up settings", &s.ProgramID, &deadline, &capacity); err != nil {
			return err
		}
		if deadline.Valid {
			t := utc(deadline.Time)
			s.Deadline = &t
		}
		if capacity.Valid {
			c := int(capacity.Int64)
			s.Capacity = &c
		}
		return nil
	})
	return s, err
}

// SaveSignup sets an opt-in program's sign-up settings.
func (st *People) SaveSignup(ctx context.Context, s people.Signup) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		var deadline, capacity any
		if s.Deadline != nil {
			deadline = s.Deadline.UTC()
		}
		if s.Capacity != nil {
			capacity = int64(*s.Capacity)
		}
		_, err := tx.exec(qSaveSignup, P{"program_id": s.ProgramID, "deadline": deadline, "capacity": capacity})
		return err
	})
}

// FindProgrammeCodes lists the codes of an institution's study
// programmes: one column, without the populations FindProgrammes sums.
func (st *People) FindProgrammeCodes(ctx context.Context, inst int64) (out []string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindProgrammeCodes, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var code string
			if err := r.Scan(&code); err != nil {
				return err
			}
			out = append(out, code)
			return nil
		})
	})
	return out, err
}
