package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestRowKernels checks DotRows and AxpyRows on every ISA against their
// definitions: every n in 0..300 and some larger, row strides from n to
// n+17, and the vector and the matrix each against a guard page.
func TestRowKernels(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			rowKernels[float32](t, set)
			rowKernels[float64](t, set)
		})
	}
}

func rowKernels[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	xa, aa := guard.New(arenaBytes), guard.New(4*arenaBytes)
	defer xa.Free()
	defer aa.Free()
	r := rand.New(rand.NewPCG(5, 6))
	e := eps[T]()
	for k, n := range sizes(r) {
		lda := n + []int{0, 1, 3, 17}[k%4]
		p := placements[k%len(placements)]
		x, a := fill[T](r, n), fill[T](r, 3*lda+n)
		c := [4]T{T(r.Float64()), T(-r.Float64()), 2, T(r.Float64() - 0.5)}
		gx, ga := guard.Place[T](xa, n, p.off, p.fromBack), guard.Place[T](aa, len(a), p.off, !p.fromBack)
		copy(gx, x)
		copy(ga, a)
		where := fmt.Sprintf("%s %T n=%d lda=%d %s", set.ISA, x, n, lda, p.name)

		w0, w1, w2, w3 := ref.DotRows(x, a, lda)
		h0, h1, h2, h3 := vec.DotRows(gx, ga, lda)
		for i, pair := range [][2]T{{h0, w0}, {h1, w1}, {h2, w2}, {h3, w3}} {
			if tol := sumTol(n, e, float64(n)); !near(float64(pair[0]), float64(pair[1]), tol) {
				t.Fatalf("%s: DotRows d%d = %v, want %v", where, i, pair[0], pair[1])
			}
		}

		want := append([]T(nil), x...)
		ref.AxpyRows(c[0], c[1], c[2], c[3], want, a, lda)
		vec.AxpyRows(c[0], c[1], c[2], c[3], gx, ga, lda)
		for i := range want {
			if !near(float64(gx[i]), float64(want[i]), 32*e) { // four roundings of sums below 6
				t.Fatalf("%s: AxpyRows y[%d] = %v, want %v", where, i, gx[i], want[i])
			}
		}
		if !guard.Untouched(xa, gx) || !guard.Untouched(aa, ga) {
			t.Fatalf("%s: wrote outside x or a", where)
		}
		for i := range a {
			if ga[i] != a[i] {
				t.Fatalf("%s: a[%d] changed", where, i)
			}
		}
	}
	// NaN and infinities in any row reach the results that use them.
	x, a := make([]T, 37), make([]T, 3*37+37)
	a[2*37+36] = T(math.Inf(1))
	a[5] = T(math.NaN())
	d0, _, d2, d3 := vec.DotRows(x, a, 37)
	if !math.IsNaN(float64(d0)) || !math.IsNaN(float64(d2)) || d3 != 0 {
		t.Errorf("%s: DotRows with NaN in row 0 and Inf in row 2 times 0 = %v, %v, %v", set.ISA, d0, d2, d3)
	}
}
