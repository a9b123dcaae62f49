package guard

import (
	"os"
	"os/exec"
	"testing"
	"unsafe"
)

func TestPlaceAbutsGuards(t *testing.T) {
	a := New(100)
	defer a.Free()
	back := Place[float64](a, 3, 0, true)
	front := Place[float64](a, 3, 0, false)
	if &front[0] != &Place[float64](a, len(a.data)/8, 0, false)[0] {
		t.Fatal("front slice does not start at the arena's first byte")
	}
	if got, want := cap(back), 3; got != want {
		t.Fatalf("cap = %d, want %d", got, want)
	}
	back[2] = 1
	if Untouched(a, back[:2]) {
		t.Fatal("Untouched missed a write just after the slice")
	}
	if !Untouched(a, front) {
		t.Fatal("Untouched reported a write that did not happen")
	}
}

// TestGuardFaults proves that the guard pages fault: a child process reads
// one element past a slice placed against the back guard and must die.
func TestGuardFaults(t *testing.T) {
	if os.Getenv("GUARD_CHILD") == "1" {
		a := New(64)
		s := Place[float64](a, 1, 0, true)
		over := unsafe.Slice(&s[0], 2)
		println(over[1]) // reads the guard page
		os.Exit(0)
	}
	if !guarded {
		t.Skip("no guard pages on this platform")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGuardFaults$")
	cmd.Env = append(os.Environ(), "GUARD_CHILD=1")
	if err := cmd.Run(); err == nil {
		t.Fatal("reading past the back guard did not fault")
	}
}
