package roster

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
)

func FuzzParseStudents(f *testing.F) {
	sample := readSample(f, "students.csv")
	f.Add(sample[:2000])
	f.Add(semicolonBOM(sample[:1500]))
	f.Add([]byte(studentHeader + "s1,A,B,s1@x.no,P,2025h,,nb-NO,X,ja,Mon10|fri18,s2,s1,1\ns2,A,B,\"a\nb\",P,2025H,,,,,,,,\n"))
	f.Add([]byte("fnr;student_number\n1;2\n"))
	f.Add([]byte("student_number\n\"x"))
	f.Add(csvToXLSX(f, []byte(studentHeader+"s1,A,B,s1@x.no,P,2025H,,,,,,,,\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		students, _, err := ParseStudents(bytes.NewReader(data))
		if err != nil {
			checkError(t, err)
			return
		}
		numbers := map[string]bool{}
		for _, s := range students {
			if s.Number == "" || numbers[s.Number] || !codeRE.MatchString(s.Programme) || !termRE.MatchString(s.Cohort) ||
				(s.Gender != "" && !slices.Contains(Genders, s.Gender)) || s.With == s.Number || s.Avoid == s.Number {
				t.Fatalf("invalid student accepted: %+v", s)
			}
			for _, sl := range s.Slots {
				if !slotRE.MatchString(sl) {
					t.Fatalf("invalid slot accepted: %+v", s)
				}
			}
			numbers[s.Number] = true
		}
		for _, s := range students {
			if (s.With != "" && !numbers[s.With]) || (s.Avoid != "" && !numbers[s.Avoid]) {
				t.Fatalf("request for a student not in the file kept: %+v", s)
			}
		}
		again, warn, err := ParseStudents(bytes.NewReader(writeStudents(students)))
		if err != nil || len(warn) != 0 {
			t.Fatalf("reparse: %v %q\n%s", err, warn, details(err))
		}
		if !reflect.DeepEqual(again, students) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", again, students)
		}
	})
}

func FuzzParseMentors(f *testing.F) {
	sample := readSample(f, "mentors.csv")
	f.Add(sample)
	f.Add(semicolonBOM(sample))
	f.Add([]byte("MENTOR_ID;given_name;family_name;email;programme_code;kind;max_groups;cohort\nm1;A;B;m@x.no;P;Alumni;1 0;2020v\n"))
	f.Add([]byte("mentor_id,national id\nm1,x\n"))
	f.Add(csvToXLSX(f, sample[:600]))
	f.Fuzz(func(t *testing.T, data []byte) {
		mentors, _, err := ParseMentors(bytes.NewReader(data))
		if err != nil {
			checkError(t, err)
			return
		}
		ids := map[string]bool{}
		for _, m := range mentors {
			if m.ID == "" || ids[m.ID] || !codeRE.MatchString(m.Programme) || (m.Cohort != "" && !termRE.MatchString(m.Cohort)) ||
				!slices.Contains(MentorKinds, m.Kind) || m.MaxGroups < 1 {
				t.Fatalf("invalid mentor accepted: %+v", m)
			}
			for _, sl := range m.Slots {
				if !slotRE.MatchString(sl) {
					t.Fatalf("invalid slot accepted: %+v", m)
				}
			}
			ids[m.ID] = true
		}
		again, warn, err := ParseMentors(bytes.NewReader(writeMentors(mentors)))
		if err != nil || len(warn) != 0 {
			t.Fatalf("reparse: %v %q\n%s", err, warn, details(err))
		}
		if !reflect.DeepEqual(again, mentors) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", again, mentors)
		}
	})
}
