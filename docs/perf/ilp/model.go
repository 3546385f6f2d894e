package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// lpWriter writes a CPLEX LP file, one named row at a time.
type lpWriter struct {
	b        strings.Builder
	bin, gen []string
}

func (w *lpWriter) row(name string, terms []string, rel string) {
	fmt.Fprintf(&w.b, " %s:", name)
	for j, t := range terms {
		if j > 0 && j%12 == 0 {
			w.b.WriteString("\n   ")
		}
		if j > 0 && !strings.HasPrefix(t, "-") {
			w.b.WriteString(" +")
		}
		w.b.WriteString(" " + t)
	}
	fmt.Fprintf(&w.b, " %s\n", rel)
}

func x(s, g int) string   { return fmt.Sprintf("x_%d_%d", s, g) }
func y(g, t int) string   { return fmt.Sprintf("y_%d_%d", g, t) }
func z(s, g int) string   { return fmt.Sprintf("z_%d_%d", s, g) }
func a(j, g int) string   { return fmt.Sprintf("a_%d_%d", j, g) }
func neg(v string) string { return "-" + v }
func times(c int, v string) string {
	if c < 0 {
		return fmt.Sprintf("- %d %s", -c, v)
	}
	return fmt.Sprintf("%d %s", c, v)
}

// model writes the problem for exactly k groups in CPLEX LP format; with
// atLeast > 0 it asks for at least that many covered students (a cutoff:
// infeasible then proves the optimum at k is below it).
//
// Variables: x_s_g student s in group g; y_g_t group g meets at slot t;
// z_s_g ≤ x_s_g and ≤ Σ_{t ∈ slots(s)} y_g_t, so z_s_g = 1 iff s is in g
// and free at g's slot; w_g_c group g holds members of minority c; a_j_g
// mentor j leads group g; b_j_g_t ≥ a_j_g + y_g_t − 1 (j leads g and g
// meets at t); f_j mentor j below max_groups; idle: some mentor leads no
// group.
func (in *instance) model(k, atLeast int) string {
	return in.modelWith(k, atLeast, nil)
}

// modelWith is model; with a plan (the allocator's result) it keeps the
// plan's groups — their meeting slots, mentors and sizes — and leaves only
// the seating of the students free: what the allocator could have reached
// with its own plan.
func (in *instance) modelWith(k, atLeast int, plan *allocate.Result) string {
	w := &lpWriter{}
	n := len(in.students)
	slotID := map[string]int{}
	for t, sl := range in.slots {
		slotID[sl] = t
	}
	var obj []string
	for s := range n {
		for g := range k {
			obj = append(obj, z(s, g))
		}
	}
	w.b.WriteString("Maximize\n")
	w.row("cover", obj, "")
	w.b.WriteString("Subject To\n")
	if atLeast > 0 {
		w.row("cutoff", obj, fmt.Sprintf(">= %d", atLeast))
	}
	for s := range n {
		var t []string
		for g := range k {
			t, w.bin = append(t, x(s, g)), append(w.bin, x(s, g))
		}
		w.row(fmt.Sprintf("one_%d", s), t, "= 1")
	}
	// Rule 3: balanced sizes, ⌊n/k⌋ or ⌈n/k⌉ each; which groups are the
	// larger ones is left open, so all groups stay interchangeable.
	lo, hi := n/k, (n+k-1)/k
	for g := range k {
		var t, u []string
		for s := range n {
			t = append(t, x(s, g))
		}
		w.row(fmt.Sprintf("sizelo_%d", g), t, fmt.Sprintf(">= %d", lo))
		w.row(fmt.Sprintf("sizehi_%d", g), t, fmt.Sprintf("<= %d", hi))
		for ti := range in.slots {
			u, w.bin = append(u, y(g, ti)), append(w.bin, y(g, ti))
		}
		w.row(fmt.Sprintf("slot_%d", g), u, "= 1")
	}
	if plan != nil {
		in.fixPlan(w, plan)
	}
	// Symmetry: groups in order of their first student — student s joins
	// group g > 0 only if an earlier student is in group g−1. (Ordering
	// groups by meeting slot instead was slower: groups may share a slot.)
	for g := 1; g < k && plan == nil; g++ {
		for s := range n {
			t := []string{x(s, g)}
			for s2 := range s {
				t = append(t, neg(x(s2, g-1)))
			}
			w.row(fmt.Sprintf("first_%d_%d", s, g), t, "<= 0")
		}
	}
	// A valid cut that tightens the relaxation (several times faster on
	// CBC): a group covers at most ⌈n/k⌉ of the students free at its slot,
	// nor more than there are.
	for g := range k {
		t := []string{}
		for s := range n {
			t = append(t, z(s, g))
		}
		for ti, sl := range in.slots {
			c := 0
			for _, st := range in.students {
				if slices.Contains(st.Slots, sl) {
					c++
				}
			}
			t = append(t, times(-min(hi, c), y(g, ti)))
		}
		w.row(fmt.Sprintf("cap_%d", g), t, "<= 0")
	}
	for s, st := range in.students {
		for g := range k {
			w.row(fmt.Sprintf("zx_%d_%d", s, g), []string{z(s, g), neg(x(s, g))}, "<= 0")
			t := []string{z(s, g)}
			for _, sl := range slices.Compact(slices.Sorted(slices.Values(st.Slots))) {
				t = append(t, neg(y(g, slotID[sl])))
			}
			w.row(fmt.Sprintf("zy_%d_%d", s, g), t, "<= 0")
		}
	}
	// Rule 5.
	for g := range k {
		for j, p := range in.avoid {
			w.row(fmt.Sprintf("avoid_%d_%d", j, g), []string{x(p[0], g), x(p[1], g)}, "<= 1")
		}
		for j, p := range in.with {
			w.row(fmt.Sprintf("with_%d_%d", j, g), []string{x(p[0], g), neg(x(p[1], g))}, "= 0")
		}
	}
	// Rule 6: never exactly one member of a minority in a group.
	for c, mem := range in.cats {
		for g := range k {
			var t []string
			for _, s := range mem {
				t = append(t, x(s, g))
			}
			v := fmt.Sprintf("w_%d_%d", g, c)
			w.bin = append(w.bin, v)
			w.row(fmt.Sprintf("minlo_%d_%d", g, c), append(slices.Clone(t), times(-2, v)), ">= 0")
			w.row(fmt.Sprintf("minhi_%d_%d", g, c), append(t, times(-len(mem), v)), "<= 0")
		}
	}
	in.mentorRows(w, k)
	w.b.WriteString("Binary\n " + strings.Join(w.bin, "\n ") + "\n")
	if len(w.gen) > 0 {
		w.b.WriteString("General\n " + strings.Join(w.gen, "\n ") + "\n")
	}
	w.b.WriteString("End\n")
	return w.b.String()
}

// mentorRows adds rules 4 and 7 for the mentors: exactly mentors-per-group
// mentors per group, max_groups per mentor, a meeting slot every mentor of
// the group gave, no mentor at two groups in one slot, and no mentor idle
// while one more group could be formed.
func (in *instance) mentorRows(w *lpWriter, k int) {
	mpg := in.opt.MentorsPerGroup
	if mpg == 0 {
		return
	}
	for g := range k {
		var t []string
		for j := range in.mentors {
			t, w.bin = append(t, a(j, g)), append(w.bin, a(j, g))
		}
		w.row(fmt.Sprintf("mpg_%d", g), t, fmt.Sprintf("= %d", mpg))
	}
	for j, m := range in.mentors {
		var t []string
		for g := range k {
			t = append(t, a(j, g))
		}
		w.row(fmt.Sprintf("maxg_%d", j), t, fmt.Sprintf("<= %d", m.MaxGroups))
		for ti, sl := range in.slots {
			if !slices.Contains(m.Slots, sl) {
				// Rule 7: the meeting slot is one all the group's mentors gave.
				for g := range k {
					w.row(fmt.Sprintf("can_%d_%d_%d", j, g, ti), []string{a(j, g), y(g, ti)}, "<= 1")
				}
				continue
			}
			if m.MaxGroups < 2 || k < 2 {
				continue
			}
			// Rule 7: never two of j's groups at one slot.
			var once []string
			for g := range k {
				b := fmt.Sprintf("b_%d_%d_%d", j, g, ti)
				w.row(fmt.Sprintf("both_%d_%d_%d", j, g, ti), []string{b, neg(a(j, g)), neg(y(g, ti))}, ">= -1")
				once = append(once, b)
			}
			w.row(fmt.Sprintf("once_%d_%d", j, ti), once, "<= 1")
		}
	}
	// Rule 7: "no available mentor idle while a group could still be
	// formed for them", as Check reads it: where k+1 groups of group-min
	// fit the students, a mentor may lead no group only if fewer than
	// mentors-per-group mentors (the idle one included) are below their
	// max_groups. f_j = 0 forces j full; idle = 0 forces everyone busy.
	if (k+1)*in.opt.GroupMin > len(in.students) {
		return
	}
	w.bin = append(w.bin, "idle")
	var notFull []string
	for j, m := range in.mentors {
		var t []string
		for g := range k {
			t = append(t, a(j, g))
		}
		w.row(fmt.Sprintf("busy_%d", j), append(slices.Clone(t), "idle"), ">= 1")
		f := fmt.Sprintf("f_%d", j)
		w.bin, notFull = append(w.bin, f), append(notFull, f)
		w.row(fmt.Sprintf("full_%d", j), append(t, times(m.MaxGroups, f)), fmt.Sprintf(">= %d", m.MaxGroups))
	}
	M := len(in.mentors)
	w.row("idlefree", append(notFull, times(M, "idle")), fmt.Sprintf("<= %d", mpg-1+M))
}

// fixPlan pins every group of the plan to its meeting slot, its mentors
// and its size.
func (in *instance) fixPlan(w *lpWriter, plan *allocate.Result) {
	for g, grp := range plan.Groups {
		var t []string
		for s := range in.students {
			t = append(t, x(s, g))
		}
		w.row(fmt.Sprintf("plansize_%d", g), t, fmt.Sprintf("= %d", len(grp.Students)))
		w.row(fmt.Sprintf("planslot_%d", g), []string{y(g, slices.Index(in.slots, grp.MeetingSlot))}, "= 1")
		for j, m := range in.mentors {
			if slices.Contains(grp.Mentors, m.ID) {
				w.row(fmt.Sprintf("planmentor_%d_%d", j, g), []string{a(j, g)}, "= 1")
			}
		}
	}
}
