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
	kernel := g.FullWidth[mr]
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

// BenchmarkGemmPanel measures the whole tiles of a block of 64 rows of C
// against B's panels taken one after another from a 288×3136 B in place
// (half of the convolution shape 64x3136x576's k, one k block), where each
// panel serves one block of rows: packing each panel in
// a pass of its own before its tiles ("pass"), or with the packing kernel
// as the first tile ("fused"). Both prefetch the next panel's source, as
// the driver does.
//
//	go test ./kernels -run '^$' -bench GemmPanel
func BenchmarkGemmPanel(b *testing.B) {
	for _, set := range simdSets(b) {
		b.Run(set.ISA.String()+"/float64", func(b *testing.B) { benchGemmPanel(b, &set.F64.Gemm) })
		b.Run(set.ISA.String()+"/float32", func(b *testing.B) { benchGemmPanel(b, &set.F32.Gemm) })
	}
}

func benchGemmPanel[T kernels.Float](b *testing.B, g *kernels.Gemm[T]) {
	const m, n, kc = 64, 3136, 288
	mr, nr := g.MR, g.NR
	tiles := m / mr
	pa := make([]T, tiles*mr*kc)
	src := make([]T, kc*n)
	pb := make([]T, kc*nr)
	c := make([]T, m*n)
	for i := range pa {
		pa[i] = T(i%7) / 8
	}
	for i := range src {
		src[i] = T(i%5) / 8
	}
	for _, name := range []string{"pass", "fused"} {
		fused := name == "fused"
		b.Run(fmt.Sprintf("%s/%dx%dx%d", name, m, n, kc), func(b *testing.B) {
			panels := 0
			for b.Loop() {
				for j := 0; j+nr <= n; j += nr {
					pf := uintptr(unsafe.Pointer(&src[min(j+nr, n-nr)]))
					a, cj := &pa[0], c[j:]
					if fused {
						g.FullWidthPacking(1, kc, 1, a, 1, mr, mr*kc, &src[j], n, &pb[0], 1, &cj[0], n)
						a, cj = &pa[mr*kc], cj[mr*n:]
						g.FullWidth[mr](tiles-1, kc, 1, a, 1, mr, mr*kc, &pb[0], nr, 1, &cj[0], n, pf, n)
					} else {
						g.PackB(kc, &src[j], n, &pb[0])
						g.FullWidth[mr](tiles, kc, 1, a, 1, mr, mr*kc, &pb[0], nr, 1, &cj[0], n, pf, n)
					}
					panels++
				}
			}
			flops := 2 * float64(tiles*mr*nr*kc) * float64(panels)
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
