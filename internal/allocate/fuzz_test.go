package allocate

import (
	"strconv"
	"testing"
)

// FuzzAllocate builds a small input from the bytes (at most 10 students
// per programme+cohort, so Check can prove every rule conflict it
// excuses) and requires no panic and no violation.
func FuzzAllocate(f *testing.F) {
	f.Add([]byte{2, 4, 2, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{1, 1, 0, 30, 0, 0, 0, 0, 7, 7, 7, 7, 200, 100, 50, 25})
	f.Add([]byte{3, 3, 1, 12, 255, 254, 253, 252, 251, 250, 249, 248, 247, 246})
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := int(data[0])
			data = data[1:]
			return b
		}
		opt := Options{GroupMin: 1 + next()%4, MentorsPerGroup: next() % 3, Seed: int64(next())}
		opt.GroupMax = opt.GroupMin + next()%5
		slots := []string{"mon08", "tue10", "wed12", "thu14"}
		pick := func(b int) []string {
			var out []string
			for i, s := range slots {
				if b>>i&1 != 0 {
					out = append(out, s)
				}
			}
			return out
		}
		nStudents := next() % 41
		perPC := map[string]int{}
		var students []Student
		for i := range nStudents {
			a, b, c := next(), next(), next()
			prog, cohort := "P"+strconv.Itoa(a%2), "2025"+"HV"[a>>1&1:a>>1&1+1]
			if perPC[prog+cohort] == 10 {
				continue
			}
			perPC[prog+cohort]++
			s := Student{Number: "s" + strconv.Itoa(i), Programme: prog, Cohort: cohort,
				Gender: []string{"f", "m", "x", ""}[a>>2&3], International: a>>4&1 == 1,
				OptOut: a>>5&7 == 0, Slots: pick(b)}
			if b>>4&1 == 1 {
				s.With = "s" + strconv.Itoa(c%max(1, nStudents))
			}
			if b>>5&1 == 1 {
				s.Avoid = "s" + strconv.Itoa((c>>3)%max(1, nStudents))
			}
			students = append(students, s)
		}
		var mentors []Mentor
		for i := range next() % 7 {
			a := next()
			mentors = append(mentors, Mentor{ID: "m" + strconv.Itoa(i), Programme: "P" + strconv.Itoa(a%2),
				Cohort: []string{"", "2022H", "2023H", "2024H"}[a>>1&3], MaxGroups: 1 + a>>3&1, Slots: pick(a >> 4)})
		}
		r, err := Allocate(students, mentors, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range Check(students, mentors, opt, r) {
			t.Errorf("%v\nopt %+v\nstudents %+v\nmentors %+v\nresult %+v", v, opt, students, mentors, r)
		}
	})
}
