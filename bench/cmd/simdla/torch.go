package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/simdla/simdla/bench"
)

// startTorch starts the PyTorch peer on threads threads and prints on w
// what it runs, or, where it cannot start (no python3, no torch), a note
// that the run goes on without it, and returns nil. The caller closes the
// peer it gets.
func startTorch(w io.Writer, threads int) *bench.TorchPeer {
	p, err := bench.NewTorchPeer(threads)
	if err != nil {
		fmt.Fprintf(w, "PyTorch peer skipped: %v\n", err)
		return nil
	}
	info, err := p.Info()
	if err != nil {
		p.Close()
		fmt.Fprintf(w, "PyTorch peer skipped: %v\n", err)
		return nil
	}
	fmt.Fprintf(w, "torch peer: %s\n", info.About())
	return p
}

// printTorch prints, under a table, about, what startTorch said of the
// peer, and where the peer ran (ran), how it was run.
func printTorch(w io.Writer, about string, ran bool) {
	fmt.Fprint(w, about)
	if ran {
		fmt.Fprintf(w, "The torch peer ran on as many threads as simdla, in the environment %s: glibc's malloc keeps freed large buffers, so that the tensors torch allocates every call do not cost page faults, and OpenMP's idle threads sleep instead of spinning, which on a shared 2-core machine took the core torch's main thread needed.\n", strings.Join(bench.TorchEnv(), " "))
	}
}

// dropTorch drops tc, the peer's case of the case named name, where it is
// not nil, and returns notes of what failed: the peer's turns in t, and
// dropping the case.
func dropTorch(name string, t bench.Timing, tc *bench.TorchCase) []string {
	var notes []string
	if err := t.Failed[bench.Torch]; err != nil {
		notes = append(notes, fmt.Sprintf("torch failed on %s: %v", name, err))
	}
	if tc != nil {
		if err := tc.Drop(); err != nil {
			notes = append(notes, fmt.Sprintf("torch could not drop %s: %v", name, err))
		}
	}
	return notes
}
