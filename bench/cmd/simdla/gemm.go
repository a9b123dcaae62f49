package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/dispatch"
)

// record is one measurement, as -json writes it for the plot; bench/plot,
// a module of its own, declares the same struct to read it.
type record struct {
	Case    string  `json:"case"`
	N       int     `json:"n"`
	Threads int     `json:"threads"`
	Lib     string  `json:"lib"`
	GFLOPS  float64 `json:"gflops"`
}

// gemmTable measures every GEMM shape whose case name contains only, in
// both types, on one thread and on GOMAXPROCS threads, and prints simdla's
// GFLOP/s, its fraction of the peak measured in the same rounds, and how
// many times faster it is than each peer. Cases of more than 1e9 flops run
// about half the rounds: gonum takes seconds a call there.
func gemmTable(w, prog io.Writer, rounds int, batch time.Duration, only string) []record {
	defer keepThreads()()
	procs := runtime.GOMAXPROCS(0)
	type gemmCase struct {
		shape  bench.GemmShape
		double bool
	}
	var cases []gemmCase
	for _, s := range bench.GemmShapes() {
		for _, double := range []bool{true, false} {
			if strings.Contains(s.CaseName(double), only) {
				cases = append(cases, gemmCase{s, double})
			}
		}
	}
	threadCounts := []int{1, procs}
	progress := newProgress(prog, "gemm", len(threadCounts)*len(cases))
	defer progress.finish()
	g64, g32 := dispatch.F64().Gemm, dispatch.F32().Gemm
	fmt.Fprintf(w, "\nGEMM, ISA %s: dgemm %dx%d and sgemm %dx%d micro-kernels. Medians of up to %d alternating rounds; \"x lib\" is the median of per-round ratios, above 1 when simdla is faster.\n",
		dispatch.ISA(), g64.MR, g64.NR, g32.MR, g32.NR, rounds)
	fmt.Fprintf(w, "\"Peak\" is the FMA probe of the same type, timed in every round with the libraries on as many threads (one probe per thread, their GFLOP/s summed): its median and range over the rounds; \"of peak\" is the median of simdla's per-round fractions of it.\n\n")
	others := []string{bench.Gonum}
	for _, p := range bench.Peers() {
		others = append(others, p.Name)
	}
	fmt.Fprintf(w, "| problem | threads | simdla GFLOP/s | of peak | peak GFLOP/s |")
	for _, o := range others {
		fmt.Fprintf(w, " %s GFLOP/s | x %s |", o, o)
	}
	fmt.Fprintf(w, "\n|---|---:|---:|---:|---:|%s\n", strings.Repeat("---:|---:|", len(others)))
	var out []record
	for _, threads := range threadCounts {
		setThreads(threads, nil)
		for _, p := range bench.Peers() {
			p.SetThreads(threads)
		}
		for _, cs := range cases {
			s := cs.shape
			c := bench.Gemm(s, cs.double)
			progress.next(fmt.Sprintf("%s, threads=%d", c.Name, threads))
			r := rounds
			if s.Flops() > 1e9 {
				r = (rounds + 1) / 2
			}
			t := bench.Measure(c, r, batch)
			gf := func(lib string) float64 { return c.Flops / t.Seconds[lib] / 1e9 }
			peak, lo, hi := t.Peak()
			fmt.Fprintf(w, "| %s | %d | %.1f | %.0f%% | %.1f (%.1f-%.1f) |", c.Name, threads, gf(bench.Simdla), 100*t.OfPeak(bench.Simdla), peak, lo, hi)
			for _, o := range others {
				fmt.Fprintf(w, " %.1f | %.2f |", gf(o), t.Speedup(o))
			}
			fmt.Fprintln(w)
			for _, lib := range c.LibNames() {
				out = append(out, record{Case: c.Name, N: s.M, Threads: threads, Lib: lib, GFLOPS: gf(lib)})
			}
			out = append(out, record{Case: c.Name, N: s.M, Threads: threads, Lib: bench.Probe, GFLOPS: peak})
		}
	}
	return out
}
