package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestDepthwise checks Depthwise3x3S1, Depthwise5x5S1 and Depthwise3x3S2 on
// every ISA against their definitions: every row length in 0..300 and some
// larger, 0 to 14 rows (one or two for the longest rows), row strides from
// the shortest the slices allow to 17 more, y and the inputs each against a
// guard page.
func TestDepthwise(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			depthwiseKernels[float32](t, set)
			depthwiseKernels[float64](t, set)
		})
	}
}

func depthwiseKernels[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	ya, xa, oa := guard.New(arenaBytes), guard.New(6*arenaBytes), guard.New(6*arenaBytes)
	defer ya.Free()
	defer xa.Free()
	defer oa.Free()
	r := rand.New(rand.NewPCG(13, 14))
	e := eps[T]()
	type kernel = func(rows, cols int, y []T, ldy int, x, odd []T, ldx int, w []T)
	s1 := func(f func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T)) kernel {
		return func(rows, cols int, y []T, ldy int, x, _ []T, ldx int, w []T) { f(rows, cols, y, ldy, x, ldx, w) }
	}
	for _, kc := range []struct {
		name      string
		k, stride int
		ref, kern kernel
	}{
		{"Depthwise3x3S1", 3, 1, s1(ref.Depthwise3x3S1), s1(vec.Depthwise3x3S1)},
		{"Depthwise5x5S1", 5, 1, s1(ref.Depthwise5x5S1), s1(vec.Depthwise5x5S1)},
		{"Depthwise3x3S2", 3, 2, ref.Depthwise3x3S2, vec.Depthwise3x3S2},
	} {
		k := kc.k
		for i, n := range sizes(r) {
			rows := []int{1, 2, 3, 4, 5, 6, 7, 9, 14, 0}[i%10]
			if n > 300 {
				rows = 1 + i%2
			}
			ldx := n + k - 1 + []int{0, 1, 3, 17}[i%4]
			ldy := n + []int{0, 2, 5, 16}[i/4%4]
			// The input rows the definition reads, and the elements of the
			// last one.
			inRows, last := rows+k-2, n+k-1
			if kc.stride == 2 {
				ldx, inRows, last = n+1+[]int{0, 1, 3, 17}[i%4], 2*rows, n+1
			}
			xn, on, yn := 0, 0, 0
			if rows > 0 {
				xn, on, yn = inRows*ldx+last, inRows*ldx+n, (rows-1)*ldy+n
			}
			if kc.stride == 1 {
				on = 0
			}
			p := placements[i%len(placements)]
			x, odd, w := fill[T](r, xn), fill[T](r, on), fill[T](r, k*k)
			want := make([]T, yn)
			kc.ref(rows, n, want, ldy, x, odd, ldx, w)
			gy := guard.Place[T](ya, yn, p.off, p.fromBack)
			gx, godd := guard.Place[T](xa, xn, p.off, !p.fromBack), guard.Place[T](oa, on, p.off, p.fromBack)
			copy(gx, x)
			copy(godd, odd)
			for j := range gy {
				gy[j] = 7 // between the rows: must stay
			}
			kc.kern(rows, n, gy, ldy, gx, godd, ldx, w)
			where := fmt.Sprintf("%s %T %s rows=%d cols=%d ldy=%d ldx=%d %s", set.ISA, x, kc.name, rows, n, ldy, ldx, p.name)
			for j := range want {
				if j%ldy >= n {
					if gy[j] != 7 {
						t.Fatalf("%s: y[%d] = %v, written between the rows", where, j, gy[j])
					}
					continue
				}
				// k*k products of magnitude below 1, rounded in another order.
				if !near(float64(gy[j]), float64(want[j]), sumTol(k*k, e, float64(k*k))) {
					t.Fatalf("%s: y[%d] = %v, want %v", where, j, gy[j], want[j])
				}
			}
			if !guard.Untouched(ya, gy) || !guard.Untouched(xa, gx) || !guard.Untouched(oa, godd) {
				t.Fatalf("%s: wrote outside y or the inputs", where)
			}
			for j := range x {
				if gx[j] != x[j] {
					t.Fatalf("%s: x[%d] changed", where, j)
				}
			}
		}
	}
}
