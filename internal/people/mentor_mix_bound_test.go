package people

import (
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// A mentor mix is bounded: a huge kind or a long list is refused with a
// short message that does not hand the input back.
func TestValidateBoundsMentorMix(t *testing.T) {
	t.Parallel()
	for name, mix := range map[string][]string{
		"huge kind":  {strings.Repeat("x", 100_000)},
		"many kinds": strings.Split(strings.Repeat("external+", 5000)+"external", "+"),
	} {
		p := AllocationParams{GroupMin: 3, GroupMax: 5, MentorsPerGroup: 2, MentorMix: mix}
		err := p.Validate()
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		for _, d := range app.AsError(err).Details {
			if d.Column == "mentor_mix" && len(d.Message) > 200 {
				t.Errorf("%s: the message is %d bytes long", name, len(d.Message))
			}
		}
	}
	ok := AllocationParams{GroupMin: 3, GroupMax: 5, MentorsPerGroup: 2, MentorMix: []string{"external", "scientific_assistant"}}
	if err := ok.Validate(); err != nil {
		t.Errorf("a valid mix refused: %v", err)
	}
}
