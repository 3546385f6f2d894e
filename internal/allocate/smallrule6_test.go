package allocate

import (
	"testing"
)

// TestSmallProgrammesIsolateNobody allocates small programmes of small
// groups (smallProgramme) and requires Check to find nothing: where rule 6
// cannot hold at the most groups group-min and the mentors allow but can
// at fewer, the engine forms fewer (rule 6 outranks rule 7's group count),
// and Check excuses the mentor then left idle only because it proves one
// more group would isolate a minority member.
func TestSmallProgrammesIsolateNobody(t *testing.T) {
	for seed := range int64(60) {
		st, ms, opt := smallProgramme(seed)
		r := mustAllocate(t, st, ms, opt)
		for _, v := range Check(st, ms, opt, r) {
			t.Errorf("seed %d %+v: rule %d %s: %s", seed, opt, v.Rule, v.Group, v.Message)
		}
	}
}
