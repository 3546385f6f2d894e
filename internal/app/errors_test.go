package app

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	if c := ErrorCode(nil); c != "" {
		t.Errorf("nil has code %q, want none", c)
	}
	if c := ErrorCode(errors.New("boom")); c != CodeInternal {
		t.Errorf("a foreign error has code %q", c)
	}
	if c := ErrorCode(fmt.Errorf("wrapped: %w", NotFound("x"))); c != CodeNotFound {
		t.Errorf("a wrapped not-found has code %q", c)
	}
}
