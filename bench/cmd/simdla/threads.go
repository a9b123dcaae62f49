package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/blas"
)

// keepThreads returns a function that sets GOMAXPROCS back to what it is
// now and simdla's threads back to their default (blas.SetThreads(0)),
// for a table that changes them to defer.
func keepThreads() func() {
	procs := runtime.GOMAXPROCS(0)
	return func() {
		runtime.GOMAXPROCS(procs)
		blas.SetThreads(0)
	}
}

// setThreads makes the cases that follow run on n threads: GOMAXPROCS,
// simdla's (blas.SetThreads) and, where torch is not nil, the PyTorch
// peer's. It returns the peer's error, naming n, if it could not.
func setThreads(n int, torch *bench.TorchPeer) error {
	runtime.GOMAXPROCS(n)
	blas.SetThreads(n)
	if torch == nil {
		return nil
	}
	if err := torch.SetThreads(n); err != nil {
		return fmt.Errorf("torch on %d threads: %v", n, err)
	}
	return nil
}

// pick returns the problems of all whose name contains only, leaving out,
// with a note each, those on more threads than GOMAXPROCS; id gives a
// problem's name and threads.
func pick[P any](all []P, only string, id func(P) (name string, threads int)) (picked []P, notes []string) {
	procs := runtime.GOMAXPROCS(0)
	for _, p := range all {
		name, threads := id(p)
		switch {
		case !strings.Contains(name, only):
		case threads > procs:
			notes = append(notes, fmt.Sprintf("%s on %d threads left out: GOMAXPROCS is %d.", name, threads, procs))
		default:
			picked = append(picked, p)
		}
	}
	return picked, notes
}
