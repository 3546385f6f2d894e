package catalogue

import (
	"bytes"
	"fmt"
	"testing"
)

// benchFile is a national-scale catalogue: n programs with every column used.
func benchFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("program_id,institution,unit,level,name,transition,model,mentor_kinds,mandatory,enrolment,credits,paid,group_size,mentors_per_group,students_offered,started,ended,end_reason,status,relevance,funding,url,min_standard\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "p-%06d,Institution %d,Faculty of Things %d,faculty,Mentor groups number %d,first_year,%s,senior_student|master_student,false,opt_out,true,true,10-12,2,%d,2019,,,active,high,faculty,https://example.no/%d,1|2|3|4|5\n",
			i, i%24, i%7, i, Models[i%len(Models)], 100+i%900, i)
	}
	return b.Bytes()
}

func BenchmarkParse10k(b *testing.B) {
	data := benchFile(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV10k(b *testing.B) {
	rows, _, err := Parse(bytes.NewReader(benchFile(10000)))
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := WriteCSV(&out, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
}
