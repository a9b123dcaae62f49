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

// TestDotRows3x4 checks DotRows3x4 on every ISA against its definition:
// every n in 0..300 and some larger, rows of a apart by 1 or 2 elements
// (overlapping, as a filter gradient's taps) or by n and more, x1 and x2
// longer than x0, whose extra elements it must not use, and x0 and a each
// against a guard page.
func TestDotRows3x4(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			dotRows3x4[float32](t, set)
			dotRows3x4[float64](t, set)
		})
	}
}

func dotRows3x4[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	xa, aa := guard.New(arenaBytes), guard.New(4*arenaBytes)
	defer xa.Free()
	defer aa.Free()
	r := rand.New(rand.NewPCG(7, 8))
	e := eps[T]()
	for k, n := range sizes(r) {
		lda := []int{1, 2, n, n + 3}[k%4]
		p := placements[k%len(placements)]
		x0, x1, x2, a := fill[T](r, n), fill[T](r, n+5), fill[T](r, n+1), fill[T](r, 3*lda+n)
		gx, ga := guard.Place[T](xa, n, p.off, p.fromBack), guard.Place[T](aa, len(a), p.off, !p.fromBack)
		copy(gx, x0)
		copy(ga, a)
		x1[n], x2[n] = T(math.NaN()), T(math.NaN()) // past n: unused
		where := fmt.Sprintf("%s %T n=%d lda=%d %s", set.ISA, x0, n, lda, p.name)
		var want, got [12]T
		want[0], want[1], want[2], want[3], want[4], want[5], want[6], want[7], want[8], want[9], want[10], want[11] =
			ref.DotRows3x4(x0, x1, x2, a, lda)
		got[0], got[1], got[2], got[3], got[4], got[5], got[6], got[7], got[8], got[9], got[10], got[11] =
			vec.DotRows3x4(gx, x1, x2, ga, lda)
		for i := range want {
			if tol := sumTol(n, e, float64(n)); !near(float64(got[i]), float64(want[i]), tol) {
				t.Fatalf("%s: DotRows3x4 d%d%d = %v, want %v", where, i/4, i%4, got[i], want[i])
			}
		}
		if !guard.Untouched(xa, gx) || !guard.Untouched(aa, ga) {
			t.Fatalf("%s: wrote outside x0 or a", where)
		}
	}
}
