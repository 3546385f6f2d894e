package sessionplan_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
)

func FuzzRecurrence(f *testing.F) {
	f.Add("wed12", 0, 2026, 34, 1, 12, []byte{40, 41})
	f.Add("thu16", 60, 2026, 34, 2, 8, []byte{40, 48})
	f.Add("mon08", 90, 2025, 51, 2, 3, []byte{})
	f.Add("fri18", 360, 2100, 53, 8, 60, []byte{1, 2, 3, 53})
	f.Add("sat12", -1, 0, 0, 0, 0, []byte{0, 54, 255})
	days := map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday}
	f.Fuzz(func(t *testing.T, slot string, minutes, year, from, every, count int, skip []byte) {
		r := sessionplan.Recurrence{Slot: slot, Minutes: minutes, Year: year, FromWeek: from, EveryWeeks: every, Count: count}
		for _, b := range skip {
			r.SkipWeeks = append(r.SkipWeeks, int(b)%60)
		}
		occ, err := r.Dates()
		if err != nil {
			var e *app.Error
			if !errors.As(err, &e) || e.Code != app.CodeInvalid || !strings.HasPrefix(e.Key, "sessionplan.bad.") || len(e.Details) == 0 {
				t.Fatalf("Dates(%+v) = %v, want an invalid app.Error keyed sessionplan.bad.*", r, err)
			}
			return
		}
		if len(occ) != r.Count {
			t.Fatalf("%d meetings, want %d", len(occ), r.Count)
		}
		length := time.Duration(minutes) * time.Minute
		if minutes == 0 {
			length = 90 * time.Minute
		}
		skipped := map[int]bool{}
		for _, w := range r.SkipWeeks {
			skipped[w] = true
		}
		for i, o := range occ {
			local := o.Start.In(sessionplan.Oslo)
			if local.Weekday() != days[slot[:3]] || local.Format("15") != slot[3:] || local.Minute() != 0 || local.Second() != 0 {
				t.Fatalf("meeting %d at %v, not on slot %s", i, local, slot)
			}
			if y, w := local.ISOWeek(); y != o.Year || w != o.Week {
				t.Fatalf("meeting %d at %v says week %d/%d, is %d/%d", i, local, o.Week, o.Year, w, y)
			}
			if skipped[o.Week] {
				t.Fatalf("meeting %d in skipped week %d", i, o.Week)
			}
			if o.End.Sub(o.Start) != length {
				t.Fatalf("meeting %d lasts %v, want %v", i, o.End.Sub(o.Start), length)
			}
			if i > 0 && !o.Start.After(occ[i-1].Start) {
				t.Fatalf("meeting %d at %v is not after %v", i, o.Start, occ[i-1].Start)
			}
		}
		if y, w := occ[0].Start.ISOWeek(); y == r.Year && w < r.FromWeek || y < r.Year {
			t.Fatalf("first meeting in week %d/%d, before week %d/%d", w, y, r.FromWeek, r.Year)
		}
	})
}
