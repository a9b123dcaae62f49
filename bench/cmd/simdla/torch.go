package main

import (
	"bytes"
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

// torchTable is what a table measured beside the PyTorch peer keeps: the
// peer (nil where it did not start), what startTorch said of it, the
// threads its cases run on, and the notes to print under the table.
type torchTable struct {
	peer    *bench.TorchPeer
	about   bytes.Buffer
	threads int
	notes   []string
}

// newTorchTable starts the peer, the table's notes starting with notes.
// The caller closes the table.
func newTorchTable(notes []string) *torchTable {
	t := &torchTable{notes: notes}
	t.peer = startTorch(&t.about, 1)
	return t
}

// next announces the case name on threads threads on progress, and sets
// the threads (setThreads) where they change, noting the peer's failure.
func (t *torchTable) next(progress *progress, name string, threads int) {
	if threads != t.threads {
		t.threads = threads
		if err := setThreads(threads, t.peer); err != nil {
			t.notes = append(t.notes, err.Error())
		}
	}
	progress.next(fmt.Sprintf("%s, threads=%d", name, threads))
}

// setUp notes err, the peer's failure to set up the case name, if any.
func (t *torchTable) setUp(name string, err error) {
	if err != nil {
		t.notes = append(t.notes, fmt.Sprintf("torch could not set up %s: %v", name, err))
	}
}

// measured drops tc, the peer's case of the case name measured in tm,
// where it is not nil, and notes what failed: the peer's turns in tm,
// and dropping tc. It returns whether the peer has a time in tm.
func (t *torchTable) measured(name string, tm bench.Timing, tc *bench.TorchCase) bool {
	if err := tm.Failed[bench.Torch]; err != nil {
		t.notes = append(t.notes, fmt.Sprintf("torch failed on %s: %v", name, err))
	}
	if tc != nil {
		if err := tc.Drop(); err != nil {
			t.notes = append(t.notes, fmt.Sprintf("torch could not drop %s: %v", name, err))
		}
	}
	_, ok := tm.Seconds[bench.Torch]
	return ok
}

// close ends the peer and prints, under the table, what startTorch said,
// how the peer ran where it did, followed by lines where it did, then
// the notes.
func (t *torchTable) close(w io.Writer, lines ...string) {
	fmt.Fprintln(w)
	fmt.Fprint(w, t.about.String())
	if t.peer != nil {
		t.peer.Close()
		fmt.Fprintf(w, "The torch peer ran on as many threads as simdla, in the environment %s: glibc's malloc keeps freed large buffers, so that the tensors torch allocates every call do not cost page faults, and OpenMP's idle threads sleep instead of spinning, which on a shared 2-core machine took the core torch's main thread needed; OpenBLAS's poll for about a millisecond, not a tenth of a second, which took a core from simdla's turn after torch's.\n", strings.Join(bench.TorchEnv(), " "))
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
	}
	for _, n := range t.notes {
		fmt.Fprintln(w, n)
	}
}
