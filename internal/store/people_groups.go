package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mentorhub/mentorhub/internal/people"
)

// membershipKey names an open membership: a participant in a group, in a role.
type membershipKey struct {
	group, participant int64
	role               string
}

// SaveGroups makes the program year's groups exactly groups, in one
// transaction. Memberships are history: one that goes on keeps its row
// (and takes its new position); one that ends is closed, a new one
// opened; a group no longer formed is dissolved, not deleted.
func (st *People) SaveGroups(ctx context.Context, a people.AllocationRecord, groups []people.Group) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		scope := P{"program_id": a.ProgramID, "year": a.Year}
		id, err = tx.insert(qCreateAllocation, P{"program_id": a.ProgramID, "year": a.Year, "account_id": nullID(a.AccountID),
			"mode": a.Mode, "params": a.Params, "result": a.Result, "now": tx.Now})
		if err != nil {
			return err
		}
		existing := map[string]people.Group{}
		rows, err := tx.query(qFindGroupsEver, scope)
		err = each(rows, err, func(r *sql.Rows) error {
			var g people.Group
			if err := r.Scan(&g.ID, &g.ProgramID, &g.Year, &g.Code, &g.Name, &g.Programme, &g.Cohort, &g.MeetingSlot,
				&g.SlotCoverage, &g.Undersized, &g.Reasons); err != nil {
				return err
			}
			existing[g.Code] = g
			return nil
		})
		if err != nil {
			return err
		}
		type membership struct{ id, position int64 }
		open := map[membershipKey]membership{}
		rows, err = tx.query(qFindOpenMemberships, scope)
		err = each(rows, err, func(r *sql.Rows) error {
			var m membership
			var k membershipKey
			if err := r.Scan(&m.id, &k.group, &k.participant, &k.role, &m.position); err != nil {
				return err
			}
			open[k] = m
			return nil
		})
		if err != nil {
			return err
		}
		keep := map[string]bool{}
		type placed struct {
			key      membershipKey
			position int64
		}
		var wanted []placed
		for _, g := range groups {
			gid, err := saveGroup(tx, a, id, g, existing)
			if err != nil {
				return err
			}
			keep[g.Code] = true
			pos := int64(0)
			for _, list := range []struct {
				role string
				ms   []people.Member
			}{{people.Student, g.Students}, {people.Mentor, g.Mentors}} {
				for _, m := range list.ms {
					if m.ParticipantID == 0 {
						return fmt.Errorf("group %s: %s %s is not a participant", g.Code, list.role, m.ID)
					}
					wanted = append(wanted, placed{membershipKey{gid, m.ParticipantID, list.role}, pos})
					pos++
				}
			}
		}
		goesOn := map[membershipKey]bool{}
		for _, w := range wanted {
			// Groups formed anew (mode full) are new memberships, every one.
			goesOn[w.key] = a.Mode != "full"
		}
		// Close first: a student moving opens her new membership only once
		// the old one is closed (one open membership per program year).
		for k, m := range open {
			if !goesOn[k] {
				if _, err := tx.exec(qCloseMembership, P{"id": m.id, "now": tx.Now}); err != nil {
					return err
				}
			}
		}
		var fresh [][]any
		for _, w := range wanted {
			if m, ok := open[w.key]; ok && goesOn[w.key] {
				// A move keeps everyone else where they were: only a
				// changed position is written.
				if m.position != w.position {
					if _, err := tx.exec(qSetMemberPosition, P{"id": m.id, "position": w.position}); err != nil {
						return err
					}
				}
				continue
			}
			fresh = append(fresh, []any{w.key.group, w.key.participant, a.ProgramID, a.Year, id, w.key.role, w.position, tx.Now})
		}
		if err := tx.batch("INSERT INTO group_members (group_id, participant_id, program_id, year, allocation_id, role, position, valid_from)",
			"", 8, fresh, nil); err != nil {
			return err
		}
		for code, g := range existing {
			if !keep[code] {
				if _, err := tx.exec(qDissolveGroup, P{"id": g.ID, "now": tx.Now}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return id, err
}

// saveGroup updates the stored group of g's code (keeping its name unless
// g has one) or creates it, and returns its id.
func saveGroup(tx *Tx, a people.AllocationRecord, allocationID int64, g people.Group, existing map[string]people.Group) (int64, error) {
	p := P{"program_id": a.ProgramID, "year": a.Year, "allocation_id": allocationID, "code": g.Code, "name": g.Name,
		"programme_code": g.Programme, "cohort": g.Cohort, "meeting_slot": g.MeetingSlot,
		"slot_coverage": g.SlotCoverage, "undersized": g.Undersized, "reasons": g.Reasons, "now": tx.Now}
	if o, ok := existing[g.Code]; ok {
		if g.Name == "" {
			p["name"] = o.Name
		}
		p["id"] = o.ID
		_, err := tx.exec(qUpdateGroup, p)
		return o.ID, err
	}
	if g.Name == "" {
		p["name"] = g.Code
	}
	return tx.insert(qCreateGroup, p)
}
