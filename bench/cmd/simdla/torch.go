package main

import (
	"fmt"
	"io"

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
