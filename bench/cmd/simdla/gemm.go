package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
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

// gemmTable measures every GEMM shape in both types on one thread and on
// GOMAXPROCS threads, and prints simdla's GFLOP/s, its fraction of the
// measured peak, and how many times faster it is than each peer.
func gemmTable(w io.Writer, rounds int, batch time.Duration, only string) []record {
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	defer blas.SetThreads(0)
	peak := map[bool]float64{true: bench.Peak(dispatch.F64().Peak), false: bench.Peak(dispatch.F32().Peak)}
	g64, g32 := dispatch.F64().Gemm, dispatch.F32().Gemm
	fmt.Fprintf(w, "\nGEMM, ISA %s: dgemm %dx%d and sgemm %dx%d micro-kernels; measured peak of one core %.1f (float64) and %.1f (float32) GFLOP/s at the start.\n",
		dispatch.ISA(), g64.MR, g64.NR, g32.MR, g32.NR, peak[true], peak[false])
	fmt.Fprintf(w, "Medians of alternating rounds; \"x lib\" is the median of per-round ratios, above 1 when simdla is faster; \"of peak\" is the median of per-round fractions of the FMA probe, run in turn with the libraries on as many threads.\n\n")
	others := []string{bench.Gonum}
	for _, p := range bench.Peers() {
		others = append(others, p.Name)
	}
	fmt.Fprintf(w, "| problem | threads | simdla GFLOP/s | of peak |")
	for _, o := range others {
		fmt.Fprintf(w, " %s GFLOP/s | x %s |", o, o)
	}
	fmt.Fprintf(w, "\n|---|---:|---:|---:|%s\n", strings.Repeat("---:|---:|", len(others)))
	var out []record
	for _, threads := range []int{1, procs} {
		runtime.GOMAXPROCS(threads)
		blas.SetThreads(threads)
		for _, p := range bench.Peers() {
			p.SetThreads(threads)
		}
		for _, s := range bench.GemmShapes() {
			for _, double := range []bool{true, false} {
				c := bench.Gemm(s, double)
				if only != "" && !strings.Contains(c.Name, only) {
					continue
				}
				r := rounds
				if s.Flops() > 1e9 {
					r = min(r, 5) // gonum takes seconds here
				}
				probe := map[bool]kernels.Peak{true: dispatch.F64().Peak, false: dispatch.F32().Peak}[double]
				call, work := bench.PeakCall(probe, c.Flops, threads)
				c.Libs[bench.Probe] = call
				t := bench.Measure(c, r, batch)
				gf := func(lib string) float64 { return c.Flops / t.Seconds[lib] / 1e9 }
				t.Seconds[bench.Probe] *= c.Flops / work // as if it had done c.Flops
				// Simdla's fraction of the peak in each round, the median.
				fraction := t.Speedup(bench.Probe) * c.Flops / work
				fmt.Fprintf(w, "| %s | %d | %.1f | %.0f%% |", c.Name, threads, gf(bench.Simdla), 100*fraction)
				for _, o := range others {
					fmt.Fprintf(w, " %.1f | %.2f |", gf(o), t.Speedup(o))
				}
				fmt.Fprintln(w)
				for _, lib := range c.LibNames() {
					out = append(out, record{Case: c.Name, N: s.M, Threads: threads, Lib: lib, GFLOPS: gf(lib)})
				}
			}
		}
	}
	return out
}
