package auth

// HoldHashSlots takes every password-hashing slot of s until release is
// called, so a test can see what a login does when none comes free.
func HoldHashSlots(s *Service) (release func()) {
	n := cap(s.hashes.slots)
	for range n {
		s.hashes.slots <- struct{}{}
	}
	return func() {
		for range n {
			<-s.hashes.slots
		}
	}
}
