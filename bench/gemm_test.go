package bench

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
)

// BenchmarkGemm runs every GEMM shape for every library on one thread and
// on all of GOMAXPROCS, reporting GFLOP/s and the fraction of this core's
// measured FMA peak:
//
//	go test ./bench -run '^$' -bench Gemm -count 5 | benchstat -col /lib -
func BenchmarkGemm(b *testing.B) {
	peak := map[bool]float64{true: Peak(dispatch.F64().Peak), false: Peak(dispatch.F32().Peak)}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer blas.SetThreads(0)
	for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
		runtime.GOMAXPROCS(threads)
		blas.SetThreads(threads)
		for _, p := range peers {
			p.SetThreads(threads)
		}
		for _, s := range GemmShapes() {
			for _, double := range []bool{true, false} {
				c := Gemm(s, double)
				for _, lib := range c.LibNames() {
					b.Run(fmt.Sprintf("%s/threads=%d/lib=%s", c.Name, threads, lib), func(b *testing.B) {
						c.Run(b, lib)
						sec := b.Elapsed().Seconds() / float64(b.N)
						b.ReportMetric(c.Flops/sec/1e9/(peak[double]*float64(threads)), "peak-fraction")
					})
				}
			}
		}
	}
}

// TestGemmShapes checks that the shapes have distinct names and that every
// library runs every case of up to 1e9 flops: gonum's and simdla's argument
// checks reject a matrix laid out wrong for its transpose.
func TestGemmShapes(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range GemmShapes() {
		if seen[s.Name] {
			t.Errorf("two shapes named %q", s.Name)
		}
		seen[s.Name] = true
		if s.Flops() > 1e9 {
			continue
		}
		for _, double := range []bool{true, false} {
			c := Gemm(s, double)
			for _, lib := range c.LibNames() {
				c.Libs[lib]()
			}
		}
	}
}
