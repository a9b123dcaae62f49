package conv

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
)

// sets returns the kernel tables of every ISA this CPU runs, generic
// first.
func sets() []*kernels.Set {
	var out []*kernels.Set
	for _, isa := range dispatch.Available() {
		s, _ := kernels.For(isa)
		out = append(out, s)
	}
	return out
}

// randomShape returns a shape that works, drawn to cross the edges: 1x1
// filters, R != S, strides beyond the filter, padding up to and beyond
// the filter, dilation, groups, odd sizes, one or more images, outputs of
// one element.
func randomShape(r *rand.Rand) Shape {
	for {
		groups := []int{1, 1, 1, 2, 3}[r.IntN(5)]
		s := Shape{N: 1 + r.IntN(3), C: groups * (1 + r.IntN(4)), H: 1 + r.IntN(12), W: 1 + r.IntN(12),
			K: groups * (1 + r.IntN(5)), Groups: groups,
			Window: Window{R: 1 + r.IntN(4), S: 1 + r.IntN(4),
				StrideH: 1 + r.IntN(3), StrideW: 1 + r.IntN(3),
				PadTop: r.IntN(4), PadBottom: r.IntN(3), PadLeft: r.IntN(4), PadRight: r.IntN(3),
				DilationH: 1 + r.IntN(2), DilationW: 1 + r.IntN(2)}}
		if r.IntN(3) == 0 {
			s.Window = Window{R: 1, S: 1} // pointwise
		}
		rows, cols := s.Window.withDefaults().extent()
		if s.H+s.PadTop+s.PadBottom >= rows && s.W+s.PadLeft+s.PadRight >= cols {
			return s
		}
	}
}

// random returns n values in [-1, 1).
func random[T Float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		v[i] = T(2*r.Float64() - 1)
	}
	return v
}

// widen returns v in float64.
func widen[T Float](v []T) []float64 {
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = float64(e)
	}
	return out
}

// compare returns an error naming the first element of got that differs
// from want by more than tol times the number of terms in each sum.
func compare[T Float](got []T, want []float64, terms int, what string) error {
	eps := 1e-15
	if _, ok := any(T(0)).(float32); ok {
		eps = 1e-6
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= eps*float64(terms+1)*(1+math.Abs(want[i]))) {
			return fmt.Errorf("%s: element %d = %v, want %v", what, i, got[i], want[i])
		}
	}
	return nil
}
