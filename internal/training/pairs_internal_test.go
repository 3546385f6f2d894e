package training

import "testing"

// A newcomer is offered an experienced mentor of their own study
// programme before a less loaded one of another; among those of their
// programme, the one with the fewest newcomers, counting the suggestions
// made so far; with none of their programme, the least loaded of all.
func TestSuggestPrefersTheSameProgrammeThenTheLeastLoaded(t *testing.T) {
	exp := func(id int64, programme string) PairMentor {
		return PairMentor{ParticipantID: id, Programme: programme, EarlierYears: 1}
	}
	newc := func(id int64, programme string) PairMentor {
		return PairMentor{ParticipantID: id, Programme: programme}
	}
	experienced := []PairMentor{exp(1, "KJEMI"), exp(2, "BIO"), exp(3, "BIO"), exp(4, "FYS")}
	load := map[int64]int{1: 0, 2: 2, 3: 1, 4: 3}
	got := suggest([]PairMentor{newc(10, "BIO"), newc(11, "BIO"), newc(12, "BIO"), newc(13, "GEO")}, experienced, load)
	// 10 (BIO): 3 (load 1) before 2 (load 2), and before KJEMI's 1 (load
	// 0). 11 (BIO): 2 and 3 now have 2 each, a tie the first listed, 2,
	// wins. 12 (BIO): 3 (2) before 2 (3). 13 (GEO, no GEO mentor): the
	// least loaded of all, KJEMI's 1.
	want := map[int64]int64{10: 3, 11: 2, 12: 3, 13: 1}
	for n, e := range want {
		if got[n].ParticipantID != e {
			t.Errorf("newcomer %d is offered %d, want %d", n, got[n].ParticipantID, e)
		}
	}
	if load[1] != 1 || load[2] != 3 || load[3] != 3 || load[4] != 3 {
		t.Errorf("the load after suggesting: %v", load)
	}
	if s := suggest([]PairMentor{newc(20, "BIO")}, nil, map[int64]int{}); len(s) != 0 {
		t.Errorf("a suggestion without experienced mentors: %v", s)
	}
}
