package bench

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/simdla/simdla/blas"
)

// BenchmarkGemm runs every GEMM shape for every library on one thread and
// on all of GOMAXPROCS, reporting GFLOP/s, and beside them, as lib=peak,
// the FMA probe of the same type on as many threads (PeakProbe):
//
//	go test ./bench -run '^$' -bench Gemm -count 5 | benchstat -col /lib -
func BenchmarkGemm(b *testing.B) {
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
					b.Run(fmt.Sprintf("%s/threads=%d/lib=%s", c.Name, threads, lib), func(b *testing.B) { c.Run(b, lib) })
				}
				b.Run(fmt.Sprintf("%s/threads=%d/lib=%s", c.Name, threads, Probe), func(b *testing.B) {
					c.Peak.Take()
					for b.Loop() {
						c.Peak.Call()
					}
					b.ReportMetric(c.Peak.Take(), "GFLOP/s")
				})
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
