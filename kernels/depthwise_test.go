package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestDepthwiseRows checks Depthwise3x3S1 and Depthwise5x5S1 on every ISA
// against their definitions: every row length in 0..300 and some larger,
// row strides from the shortest x allows to 17 more, y and x each against
// a guard page.
func TestDepthwiseRows(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			depthwiseRows[float32](t, set)
			depthwiseRows[float64](t, set)
		})
	}
}

func depthwiseRows[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	ya, xa := guard.New(arenaBytes), guard.New(6*arenaBytes)
	defer ya.Free()
	defer xa.Free()
	r := rand.New(rand.NewPCG(13, 14))
	e := eps[T]()
	for _, kc := range []struct {
		k         int
		ref, kern func(y, x []T, ldx int, w []T)
	}{{3, ref.Depthwise3x3S1, vec.Depthwise3x3S1}, {5, ref.Depthwise5x5S1, vec.Depthwise5x5S1}} {
		k := kc.k
		for i, n := range sizes(r) {
			ldx := n + k - 1 + []int{0, 1, 3, 17}[i%4]
			p := placements[i%len(placements)]
			x, w := fill[T](r, (k-1)*ldx+n+k-1), fill[T](r, k*k)
			want := make([]T, n)
			kc.ref(want, x, ldx, w)
			gy, gx := guard.Place[T](ya, n, p.off, p.fromBack), guard.Place[T](xa, len(x), p.off, !p.fromBack)
			copy(gx, x)
			kc.kern(gy, gx, ldx, w)
			where := fmt.Sprintf("%s %T Depthwise%dx%dS1 n=%d ldx=%d %s", set.ISA, x, k, k, n, ldx, p.name)
			for j := range want {
				// k*k products of magnitude below 1, rounded in another order.
				if !near(float64(gy[j]), float64(want[j]), sumTol(k*k, e, float64(k*k))) {
					t.Fatalf("%s: y[%d] = %v, want %v", where, j, gy[j], want[j])
				}
			}
			if !guard.Untouched(ya, gy) || !guard.Untouched(xa, gx) {
				t.Fatalf("%s: wrote outside y or x", where)
			}
			for j := range x {
				if gx[j] != x[j] {
					t.Fatalf("%s: x[%d] changed", where, j)
				}
			}
		}
	}
}
