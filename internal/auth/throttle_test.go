package auth_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

// retryAfter is the wait a throttled login reports, in seconds.
func retryAfter(t *testing.T, err error) int64 {
	t.Helper()
	if app.ErrorCode(err) != app.CodeTooMany {
		t.Fatalf("got %v, want throttled", err)
	}
	n, ok := app.AsError(err).Args["RetryAfter"].(int64)
	if !ok || n < 1 {
		t.Fatalf("throttled without a wait: %+v", app.AsError(err).Args)
	}
	return n
}

func (f *fixture) login(email, password, addr string) error {
	_, _, err := f.svc.Login(context.Background(), email, password, addr)
	return err
}

func TestAGuesserFromOneAddressDoesNotLockTheOwnerOut(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	// The guesser tries until turned away, and again after every wait.
	guesses := 0
	for range 40 {
		err := f.login("kari@uib.no", fmt.Sprintf("guess %d", guesses), "10.6.6.6")
		switch app.ErrorCode(err) {
		case app.CodeUnauthorized:
			guesses++
		case app.CodeTooMany:
			f.clock.Advance(time.Duration(retryAfter(t, err)) * time.Second)
		default:
			t.Fatalf("guess: %v", err)
		}
	}
	if guesses <= f.svc.Policy.PerPair.Free {
		t.Fatalf("only %d guesses got through; the test wants the guesser past the free attempts", guesses)
	}
	// Right after a guess the guesser must wait, the owner need not.
	f.clock.Advance(f.svc.Policy.PerPair.MaxWait)
	if err := f.login("kari@uib.no", "one more", "10.6.6.6"); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("the guesser's try after the wait: %v", err)
	}
	if err := f.login("kari@uib.no", "and another", "10.6.6.6"); app.ErrorCode(err) != app.CodeTooMany {
		t.Fatalf("the guesser's next try right away: %v, want throttled", err)
	}
	if err := f.login("kari@uib.no", pw, "10.0.0.2"); err != nil {
		t.Fatalf("the owner from another address after %d guesses: %v", guesses, err)
	}
}

func TestFailuresFromOneAddressWaitLongerEachTime(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	f.svc.Policy.PerPair.MaxWait = 8 * time.Second
	for i := range f.svc.Policy.PerPair.Free {
		if err := f.login("kari@uib.no", "wrong", "10.0.0.1"); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("free attempt %d: %v", i+1, err)
		}
	}
	for i, want := range []int64{1, 2, 4, 8, 8, 8} {
		// Right away even the right password must wait, and is not counted.
		if got := retryAfter(t, f.login("kari@uib.no", pw, "10.0.0.1")); got != want {
			t.Fatalf("wait %d is %d s, want %d s", i+1, got, want)
		}
		f.clock.Advance(time.Duration(want-1) * time.Second)
		if got := retryAfter(t, f.login("kari@uib.no", pw, "10.0.0.1")); got != 1 {
			t.Fatalf("a second before the end of wait %d: %d s left, want 1", i+1, got)
		}
		f.clock.Advance(time.Second)
		if err := f.login("kari@uib.no", "wrong again", "10.0.0.1"); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("after wait %d: %v, want the password checked", i+1, err)
		}
	}
	f.clock.Advance(8 * time.Second)
	if err := f.login("kari@uib.no", pw, "10.0.0.1"); err != nil {
		t.Fatalf("after the last wait: %v", err)
	}
	// A success from the address starts its count over.
	for i := range f.svc.Policy.PerPair.Free - 1 {
		if err := f.login("kari@uib.no", "wrong", "10.0.0.1"); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("after a success, attempt %d: %v", i+1, err)
		}
	}
	if err := f.login("kari@uib.no", pw, "10.0.0.1"); err != nil {
		t.Fatalf("after a success and %d failures: %v", f.svc.Policy.PerPair.Free-1, err)
	}
}

func TestAGuessSpreadOverManyAddressesIsSlowedGently(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	f.svc.Policy.PerAccount.Free = 8 // the default is far higher; hashing 100 wrong passwords is slow
	for i := range 8 {
		if err := f.login("kari@uib.no", "wrong", fmt.Sprintf("10.1.0.%d", i)); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	wait := retryAfter(t, f.login("kari@uib.no", pw, "10.2.0.1"))
	if max := int64(f.svc.Policy.PerAccount.MaxWait / time.Second); wait > max {
		t.Fatalf("the account-wide wait is %d s, more than its cap of %d s", wait, max)
	}
	f.clock.Advance(time.Duration(wait) * time.Second)
	if err := f.login("kari@uib.no", pw, "10.2.0.1"); err != nil {
		t.Fatalf("after the account-wide wait: %v", err)
	}
	if d := auth.DefaultPolicy; d.PerAccount.Free < 10*d.PerPair.Free || d.PerAccount.MaxWait > d.PerPair.MaxWait {
		t.Fatalf("the account-wide throttle is not far gentler than one address's: %+v", d)
	}
}

func TestOneAddressGuessingManyAccountsIsSlowed(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	f.svc.Policy.PerAddress.Free = 3
	for i := range 3 {
		if err := f.login(fmt.Sprintf("guess%d@uib.no", i), "x", "10.9.9.9"); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	retryAfter(t, f.login("kari@uib.no", pw, "10.9.9.9"))
	if err := f.login("kari@uib.no", pw, "10.0.0.1"); err != nil {
		t.Fatalf("from another address: %v", err)
	}
}

func TestALoginOfTheGuessersOwnDoesNotClearTheAddressCount(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "own@uib.no", app.RoleStudent)
	f.svc.Policy.PerAddress.Free = 3
	for i := range 2 {
		if err := f.login(fmt.Sprintf("guess%d@uib.no", i), "x", "10.8.8.8"); app.ErrorCode(err) != app.CodeUnauthorized {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	if err := f.login("own@uib.no", pw, "10.8.8.8"); err != nil {
		t.Fatalf("the guesser's own account: %v", err)
	}
	if err := f.login("guess2@uib.no", "x", "10.8.8.8"); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("guess 3: %v", err)
	}
	retryAfter(t, f.login("guess3@uib.no", "x", "10.8.8.8"))
}

// parallel runs n logins at once and counts the error codes.
func (f *fixture) parallel(n int, login func(i int) error) map[app.Code]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	codes := map[app.Code]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := login(i)
			mu.Lock()
			codes[app.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

func TestParallelLoginsHashAtMostTheLimit(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	before := f.svc.HashCount()
	codes := f.parallel(200, func(i int) error { return f.login("kari@uib.no", fmt.Sprintf("wrong %d", i), "10.0.0.1") })
	limit := f.svc.Policy.PerPair.Free
	if hashed := f.svc.HashCount() - before; hashed > int64(limit) {
		t.Fatalf("200 parallel logins hashed %d passwords, limit %d", hashed, limit)
	}
	if codes[app.CodeUnauthorized] != limit || codes[app.CodeTooMany] != 200-limit {
		t.Fatalf("answers %v, want %d checked and the rest throttled", codes, limit)
	}
	if peak := f.svc.HashPeak(); peak > int64(runtime.GOMAXPROCS(0)) {
		t.Fatalf("%d hashes at once", peak)
	}
}

func TestPasswordChecksWaitForAFreeSlot(t *testing.T) {
	f := setup(t)
	f.svc.SetConcurrentHashes(2)
	f.svc.Policy.HashWait = time.Minute // long enough that nobody is turned away here
	codes := f.parallel(16, func(i int) error {
		return f.login(fmt.Sprintf("nobody%d@uib.no", i), "wrong", fmt.Sprintf("10.3.0.%d", i))
	})
	if codes[app.CodeUnauthorized] != 16 {
		t.Fatalf("answers %v, want 16 checked", codes)
	}
	if n := f.svc.HashCount(); n != 16 {
		t.Fatalf("%d hashes, want 16", n)
	}
	if peak := f.svc.HashPeak(); peak > 2 {
		t.Fatalf("%d hashes ran at once, limit 2", peak)
	}
}

func TestALoginFindingNoFreeSlotIsTurnedAwayAndNotCounted(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	f.svc.Policy.HashWait = time.Millisecond
	release := auth.HoldHashSlots(f.svc)
	for range f.svc.Policy.PerPair.Free + 2 {
		err := f.login("kari@uib.no", pw, "10.0.0.1")
		if e := app.AsError(err); e.Code != app.CodeTooMany || e.Key != "login.busy" {
			t.Fatalf("with every slot taken: %v, want busy", err)
		}
	}
	release()
	if err := f.login("kari@uib.no", pw, "10.0.0.1"); err != nil {
		t.Fatalf("after the slots came free: %v (were the turned-away logins counted as failures?)", err)
	}
}

func TestAnOverlongAddressIsRefusedBeforeItIsCountedOrHashed(t *testing.T) {
	f := setup(t)
	long := strings.Repeat("a", 250) + "@uib.no"
	if _, err := auth.NormalizeEmail(long); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a %d-character address: %v, want invalid", len(long), err)
	}
	before := f.svc.HashCount()
	if err := f.login(long, "x", "10.7.7.7"); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("login with a %d-character address: %v", len(long), err)
	}
	if f.svc.HashCount() != before {
		t.Fatal("an overlong address was hashed")
	}
}
