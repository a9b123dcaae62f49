package kernels_test

import (
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestGemmPacking checks every ISA's packing routines against their
// definitions, source and destination each against a guard page.
func TestGemmPacking(t *testing.T) {
	for _, set := range simdSets(t) {
		packing(t, &set.F32.Gemm)
		packing(t, &set.F64.Gemm)
	}
}

func packing[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	src, dst := guard.New(1<<20), guard.New(1<<20)
	defer src.Free()
	defer dst.Free()
	r := rand.New(rand.NewPCG(31, 32))
	for _, rows := range []int{0, 1, 2, 3, 5, 17, 300} {
		for _, pad := range []int{0, 1, 7} {
			for _, c := range []struct {
				name string
				w    int
				copy func(rows int, src *T, ld int, dst *T)
			}{{"PackA", g.MR, g.PackA}, {"PackB", g.NR, g.PackB}} {
				ld := c.w + pad
				in := fill[T](r, spanOr((rows-1)*ld+c.w, rows))
				s := guard.Place[T](src, len(in), 0, true)
				copy(s, in)
				d := guard.Place[T](dst, rows*c.w, 0, true)
				c.copy(rows, ptr(s), ld, ptr(d))
				for i := range rows {
					for j := range c.w {
						if d[i*c.w+j] != in[i*ld+j] {
							t.Fatalf("%s %d wide, rows=%d ld=%d: dst[%d][%d] = %v, want %v", c.name, c.w, rows, ld, i, j, d[i*c.w+j], in[i*ld+j])
						}
					}
				}
				if !guard.Untouched(dst, d) {
					t.Fatalf("%s: wrote outside dst", c.name)
				}
			}
			for cols := 0; cols <= g.NR; cols++ {
				ld, ldd := rows+pad, g.NR
				in := fill[T](r, spanOr((cols-1)*ld+rows, cols*rows))
				s := guard.Place[T](src, len(in), 0, true)
				copy(s, in)
				d := guard.Place[T](dst, spanOr((rows-1)*ldd+cols, cols*rows), 0, true)
				g.PackTransposed(cols, rows, ptr(s), ld, ptr(d), ldd)
				for j := range cols {
					for p := range rows {
						if d[p*ldd+j] != in[j*ld+p] {
							t.Fatalf("Transpose cols=%d rows=%d: dst[%d][%d] = %v, want %v", cols, rows, p, j, d[p*ldd+j], in[j*ld+p])
						}
					}
				}
				if !guard.Untouched(dst, d) {
					t.Fatalf("Transpose: wrote outside dst")
				}
			}
		}
	}
}
