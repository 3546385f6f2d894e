package desks

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Submit puts a student's text in the program year's feedback queue.
func (s *Service) Submit(ctx context.Context, programID int64, kind, title, text string) (Item, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Item{}, err
	}
	if p.Level != Student {
		return Item{}, s.need(ctx, Part{Program: p.Program}, Manager, "feedback.submit")
	}
	if kind == "" {
		kind = "text"
	}
	var f faults
	if !slices.Contains(Kinds, kind) {
		f.add("kind", "text or written_work")
	}
	f.line(&title, "title", maxName, true)
	f.text(&text, "text", MaxText, true)
	if len(f) > 0 {
		return Item{}, f.err("feedback.bad", "the text")
	}
	it := Item{ProgramID: programID, Year: p.Year, Kind: kind, Title: title, Body: text,
		Student: Person{ParticipantID: p.ParticipantID}, SubmittedAt: s.now()}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error { return s.store.CreateItem(ctx, &it) },
		"feedback.submit", p.Program.Code, "ok", "")
	if err != nil {
		return Item{}, err
	}
	return s.store.FindItem(ctx, it.ID)
}

// Queue lists the program year's feedback items: every one for mentors
// and coordinators, their own for a student.
func (s *Service) Queue(ctx context.Context, programID int64) ([]Item, Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, Part{}, err
	}
	if err := s.need(ctx, p, Student, "feedback.list"); err != nil {
		return nil, Part{}, err
	}
	var only int64
	if p.Level == Student {
		only = p.ParticipantID
	}
	out, err := s.store.FindItems(ctx, programID, p.Year, only)
	return out, p, err
}

// item loads a feedback item for the actor: its student, the program
// year's mentors and coordinators; others are told it does not exist.
func (s *Service) item(ctx context.Context, id int64, write bool) (Item, Part, error) {
	it, err := s.store.FindItem(ctx, id)
	if err != nil {
		return Item{}, Part{}, err
	}
	p, err := s.within(ctx, it.ProgramID, it.Year, "feedback", write)
	if err != nil {
		return Item{}, Part{}, err
	}
	if p.Level == Student && it.Student.ParticipantID != p.ParticipantID {
		s.audit(ctx, "feedback.read", p.Program.Code, "denied", "")
		return Item{}, Part{}, app.NotFound("feedback")
	}
	return it, p, nil
}

// Item returns one feedback item.
func (s *Service) Item(ctx context.Context, id int64) (Item, error) {
	it, _, err := s.item(ctx, id, false)
	return it, err
}

// Claim takes an item for the acting mentor. Only one mentor holds a claim:
// a repeat by the holder is no change (claimed false), another mentor's
// claim is a conflict; the check and the write are one statement, so of
// many mentors claiming at once exactly one wins.
func (s *Service) Claim(ctx context.Context, id int64) (Item, bool, error) {
	it, p, err := s.item(ctx, id, true)
	if err != nil {
		return Item{}, false, err
	}
	if p.Level != Mentor {
		return Item{}, false, s.need(ctx, Part{Program: p.Program}, Manager, "feedback.claim")
	}
	if it.ClaimedBy != nil && it.ClaimedBy.ParticipantID == p.ParticipantID {
		return it, false, nil
	}
	var holder int64
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		holder, err = s.store.ClaimItem(ctx, id, p.ParticipantID)
		if err == nil && holder != p.ParticipantID {
			err = app.Errorf(app.CodeConflict, "feedback.taken", "another mentor has claimed this text")
		}
		return err
	}, "feedback.claim", p.Program.Code, "ok", fmt.Sprintf("feedback %d", id))
	if err != nil {
		return Item{}, false, err
	}
	it, err = s.store.FindItem(ctx, id)
	return it, true, err
}

// Return gives the student the claiming mentor's feedback; it counts for
// the mentor's pay in the month it is returned.
func (s *Service) Return(ctx context.Context, id int64, feedback string) (Item, error) {
	it, p, err := s.item(ctx, id, true)
	if err != nil {
		return Item{}, err
	}
	if p.Level != Mentor {
		return Item{}, s.need(ctx, Part{Program: p.Program}, Manager, "feedback.return")
	}
	if it.ClaimedBy == nil || it.ClaimedBy.ParticipantID != p.ParticipantID {
		return Item{}, app.Errorf(app.CodeConflict, "feedback.not_yours", "claim the text before you return feedback on it")
	}
	if it.ReturnedAt != nil {
		return Item{}, app.Errorf(app.CodeConflict, "feedback.returned", "the feedback has been returned already")
	}
	var f faults
	f.text(&feedback, "feedback", MaxText, true)
	if len(f) > 0 {
		return Item{}, f.err("feedback.bad", "the feedback")
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.ReturnItem(ctx, id, p.ParticipantID, feedback)
	}, "feedback.return", p.Program.Code, "ok", fmt.Sprintf("feedback %d", id))
	if err != nil {
		return Item{}, err
	}
	return s.store.FindItem(ctx, id)
}

// Pay categories of the counts: feedback returned, desk shifts on duty
// (begun), one-to-one talks held.
const (
	CategoryFeedback = "feedback"
	CategoryShift    = "desk_shift"
	CategoryTalk     = "talk"
)

// Counts returns, for coordinators, what each mentor did per month
// (Europe/Oslo) of the program year, by category: feedback returned, desk
// shifts on duty that have begun, talks held; by mentor, month, category.
func (s *Service) Counts(ctx context.Context, programID int64) ([]Count, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Manager, "feedback.counts"); err != nil {
		return nil, err
	}
	returned, err := s.store.FindReturned(ctx, programID, p.Year)
	if err != nil {
		return nil, err
	}
	duties, err := s.store.FindDutiesDone(ctx, programID, p.Year, s.now())
	if err != nil {
		return nil, err
	}
	talks, err := s.store.FindTalks(ctx, programID, p.Year)
	if err != nil {
		return nil, err
	}
	held := make([]Returned, 0, len(talks))
	for _, t := range talks {
		held = append(held, Returned{Mentor: t.Mentor, ReturnedAt: t.HeldAt})
	}
	out := CountByMonth(returned, CategoryFeedback)
	out = append(out, CountByMonth(duties, CategoryShift)...)
	out = append(out, CountByMonth(held, CategoryTalk)...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Mentor.Ref != b.Mentor.Ref {
			return a.Mentor.Ref < b.Mentor.Ref
		}
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Category < b.Category
	})
	return out, nil
}

// CountByMonth sums things done per mentor and Oslo month in one category.
func CountByMonth(rs []Returned, category string) []Count {
	type key struct {
		pid   int64
		month string
	}
	idx := map[key]int{}
	out := []Count{}
	for _, r := range rs {
		k := key{r.Mentor.ParticipantID, r.ReturnedAt.In(oslo).Format("2006-01")}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Count{Mentor: r.Mentor, Month: k.month, Category: category})
		}
		out[i].Count++
	}
	return out
}
