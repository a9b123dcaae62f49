package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/dispatch"
)

// convTable measures, in float32, every conv problem whose name contains
// only, simdla against the PyTorch peer where it starts, with the float32
// FMA probe timed in the same rounds, and prints simdla's GFLOP/s, its
// fraction of the probe's, torch's GFLOP/s and how many times faster
// simdla is; under the table, what torch runs and any case it failed.
func convTable(w, prog io.Writer, rounds int, batch time.Duration, only string) {
	defer keepThreads()()
	problems, notes := pick(bench.ConvProblems(), only, func(p bench.ConvProblem) (string, int) { return p.Name(), p.Threads })
	if len(problems) == 0 {
		return
	}
	tt := newTorchTable(notes)
	progress := newProgress(prog, "conv", len(problems))
	defer progress.finish()
	fmt.Fprintf(w, "\nConvolution, float32, ISA %s: medians of %d alternating rounds of simdla, PyTorch and the float32 FMA probe. GFLOP/s count 2·N·K·P·Q·(C/G)·R·S for every pass; the forward passes add a bias (simdla's epilogue Bias, torch's bias=True), the dw passes compute no bias gradient.\n", dispatch.ISA(), rounds)
	fmt.Fprintf(w, "\"Of peak\" is the median of simdla's per-round fractions of the probe's GFLOP/s on as many threads (its median and range in \"peak\"); \"x torch\" is the median of per-round time ratios, above 1 when simdla is faster.\n\n")
	fmt.Fprintln(w, "| layer | pass | N | threads | simdla GFLOP/s | of peak | peak GFLOP/s | torch GFLOP/s | x torch | torch runs |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
	var slow []string // cases torch ran outside oneDNN
	for _, p := range problems {
		tt.next(progress, p.Name(), p.Threads)
		c, tc, err := bench.Conv(p, tt.peer)
		tt.setUp(p.Name(), err)
		t := bench.Measure(c, rounds, batch)
		gf := func(lib string) float64 { return c.Flops / t.Seconds[lib] / 1e9 }
		peak, lo, hi := t.Peak()
		fmt.Fprintf(w, "| %s | %s | %d | %d | %.1f | %.0f%% | %.1f (%.1f-%.1f) |",
			p.Layer.Name, p.Pass, p.N, p.Threads, gf(bench.Simdla), 100*t.OfPeak(bench.Simdla), peak, lo, hi)
		if tt.measured(p.Name(), t, tc) {
			fmt.Fprintf(w, " %.1f | %.2f | %s |\n", gf(bench.Torch), t.Speedup(bench.Torch), torchRuns(tc))
		} else {
			fmt.Fprintln(w, " - | - | - |")
		}
		if p.Threads > 1 {
			tt.notes = append(tt.notes, fmt.Sprintf("simdla on %d threads runs %s %.2fx as fast as on one (the median of per-round ratios, one thread timed in the same rounds; %.1f GFLOP/s on one).",
				p.Threads, p.Name(), t.Speedup(bench.SimdlaOneThread), gf(bench.SimdlaOneThread)))
		}
		if tc != nil && tc.Backend != "" && tc.Backend != "Mkldnn" {
			slow = append(slow, fmt.Sprintf("%s (%s)", p.Name(), tc.Backend))
		}
	}
	lines := []string{"\"Torch runs\" is aten's convolution backend (the gradients' is not reported) and the oneDNN primitives of one call: the convolution's implementation and the reorders, oneDNN's layout conversions, around it."}
	if len(slow) > 0 {
		lines = append(lines, fmt.Sprintf("Outside oneDNN (Slow2d), torch runs a convolution as im2col and a GEMM of the BLAS named above: %s.", strings.Join(slow, ", ")))
	}
	tt.close(w, lines...)
}

// torchRuns names what torch ran for a case: the convolution backend
// aten chose, where it says, the implementations of the oneDNN primitives
// one call ran other than reorders, and how many reorders (layout
// conversions) there were: "Mkldnn: jit:avx512_core +2 reorders".
func torchRuns(tc *bench.TorchCase) string {
	if tc == nil {
		return "-"
	}
	var impls []string
	reorders := 0
	for _, prim := range tc.OneDNN {
		kind, impl, _ := strings.Cut(prim, " ")
		switch {
		case kind == "reorder":
			reorders++
		case kind == "convolution":
			impls = append(impls, impl)
		default:
			impls = append(impls, prim)
		}
	}
	switch reorders {
	case 0:
	case 1:
		impls = append(impls, "+1 reorder")
	default:
		impls = append(impls, fmt.Sprintf("+%d reorders", reorders))
	}
	s := tc.Backend
	if len(impls) > 0 {
		if s != "" {
			s += ": "
		}
		s += strings.Join(impls, " ")
	}
	if s == "" {
		return "-"
	}
	return s
}
