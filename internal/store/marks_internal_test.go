package store

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

// FindMarks' packing: "participant id" + p/e, comma separated; anything
// else is an error, never a silently wrong mark.
func TestUnpackMarks(t *testing.T) {
	got, err := unpackMarks(nil, 7, []byte("12p,3e,456p"))
	want := []sessions.Mark{{SessionID: 7, ParticipantID: 12, Status: sessions.Present},
		{SessionID: 7, ParticipantID: 3, Status: sessions.Excused}, {SessionID: 7, ParticipantID: 456, Status: sessions.Present}}
	if err != nil || len(got) != len(want) {
		t.Fatalf("%v %v", got, err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mark %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if got, err := unpackMarks(nil, 7, nil); err != nil || len(got) != 0 {
		t.Errorf("no marks: %v %v", got, err)
	}
	for _, bad := range []string{"p", "12a", "12", "x1p", "12p,", ",12p", "1 2p", "99999999999999999999p"} {
		if _, err := unpackMarks(nil, 7, []byte(bad)); err == nil {
			t.Errorf("%q unpacked without an error", bad)
		}
	}
}

func FuzzUnpackMarks(f *testing.F) {
	f.Add([]byte("12p,3e"))
	f.Add([]byte(""))
	f.Add([]byte("1p,,2e"))
	f.Fuzz(func(t *testing.T, b []byte) {
		marks, err := unpackMarks(nil, 1, b)
		if err != nil {
			return
		}
		for _, m := range marks {
			if m.SessionID != 1 || (m.Status != sessions.Present && m.Status != sessions.Excused) {
				t.Fatalf("%q gave %+v", b, m)
			}
		}
	})
}
