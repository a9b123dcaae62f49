package kernels_test

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/simdla/simdla/kernels"
)

// BenchmarkGemmKernel measures the full-tile micro-kernel alone, as the
// driver's inner loop runs it: one packed KC×NR panel of B (in L1) against
// the MC/MR packed panels of A (in L2), in both layouts of A, writing tiles
// of a C with a long leading dimension.
//
//	go test ./kernels -run '^$' -bench GemmKernel
func BenchmarkGemmKernel(b *testing.B) {
	for _, set := range simdSets(b) {
		b.Run(set.ISA.String()+"/float64", func(b *testing.B) { benchGemmKernel(b, &set.F64.Gemm) })
		b.Run(set.ISA.String()+"/float32", func(b *testing.B) { benchGemmKernel(b, &set.F32.Gemm) })
	}
}

func benchGemmKernel[T kernels.Float](b *testing.B, g *kernels.Gemm[T]) {
	mr, nr, kc, panels := g.MR, g.NR, g.KC, g.MC/g.MR
	const ldc = 1024 + 8
	pa := make([]T, panels*mr*kc)
	pb := make([]T, kc*nr)
	c := make([]T, panels*mr*ldc)
	for i := range pa {
		pa[i] = T(i%7) / 8
	}
	for i := range pb {
		pb[i] = T(i%5) / 8
	}
	kernel := g.Rows[mr]
	for _, layout := range []struct {
		name     string
		rsa, csa int
	}{{"rows", kc, 1}, {"columns", 1, mr}} {
		b.Run(fmt.Sprintf("%s/%dx%dx%d", layout.name, mr, nr, kc), func(b *testing.B) {
			for b.Loop() {
				kernel(panels, kc, 1, &pa[0], layout.rsa, layout.csa, mr*kc, &pb[0], nr, 1, &c[0], ldc, uintptr(unsafe.Pointer(&pb[0])), nr)
			}
			flops := 2 * float64(panels*mr*nr*kc) * float64(b.N)
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
