package gemm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// TestTuneBlocks compares cache blockings side by side on this machine: the
// candidates take turns, round after round, on one thread, and the table
// gives each one's median time relative to the kernels' own blocks. It runs
// only when asked:
//
//	SIMDLA_TUNE="168,256,4080 336,256,4080" go test ./internal/gemm -run TuneBlocks -v
func TestTuneBlocks(t *testing.T) {
	spec := os.Getenv("SIMDLA_TUNE")
	if spec == "" {
		t.Skip("set SIMDLA_TUNE to a list of MC,KC,NC blockings")
	}
	candidates := []*blocks{nil} // the kernels' own
	for _, f := range strings.Fields(spec) {
		b := parseBlocks(f)
		if b == nil {
			t.Fatalf("bad blocking %q", f)
		}
		candidates = append(candidates, b)
	}
	defer func(saved *blocks) { override = saved }(override)
	defer par.SetThreads(0)
	par.SetThreads(1)
	set := dispatchSet()
	for _, n := range []int{256, 1024} {
		tune(t, &set.F64.Gemm, n, candidates)
		tune(t, &set.F32.Gemm, n, candidates)
	}
}

func tune[T kernels.Float](t *testing.T, g *kernels.Gemm[T], n int, candidates []*blocks) {
	r := rand.New(rand.NewPCG(1, 2))
	a, b, c := newMatrix[T](r, n, n, 0), newMatrix[T](r, n, n, 0), newMatrix[T](r, n, n, 0)
	p := Problem[T]{M: n, N: n, K: n, Alpha: 1, A: a.data, Lda: n, B: b.data, Ldb: n, Beta: 0.5, C: c.data, Ldc: n}
	ratios := make([][]float64, len(candidates))
	for round := range 15 {
		var base float64
		for i := range candidates {
			override = candidates[(i+round)%len(candidates)]
			runtime.GC()
			start := time.Now()
			for range max(1, 1<<27/(n*n*n/64)) {
				Run(g, p)
			}
			el := time.Since(start).Seconds()
			j := (i + round) % len(candidates)
			if j == 0 {
				base = el
			}
			ratios[j] = append(ratios[j], el)
		}
		for j := range candidates {
			ratios[j][round] /= base
		}
	}
	for j, cand := range candidates {
		slices.Sort(ratios[j])
		name := "kernel's own"
		if cand != nil {
			name = fmt.Sprintf("%d,%d,%d", cand.mc, cand.kc, cand.nc)
		}
		t.Logf("%T n=%d %dx%d: %-16s time x%.3f", T(0), n, g.MR, g.NR, name, ratios[j][len(ratios[j])/2])
	}
}
