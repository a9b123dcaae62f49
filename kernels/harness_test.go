package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// args are the inputs of one kernel call. For unit-stride kernels x and y
// hold exactly n elements; for strided ones exactly the 1+(n-1)*|inc|
// elements the increments reach, so that guard pages sit right after the
// last element visited.
type args[T kernels.Float] struct {
	n, incX, incY int
	x, y          []T
	alpha         T
	h             [4]T
}

func (a *args[T]) clone() *args[T] {
	b := *a
	b.x, b.y = append([]T(nil), a.x...), append([]T(nil), a.y...)
	return &b
}

// span is the number of elements n elements at increment inc reach.
func span(n, inc int) int {
	if n == 0 {
		return 0
	}
	return 1 + (n-1)*abs(inc)
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// kernelCase is one kernel under test, as a call on any table.
type kernelCase[T kernels.Float] struct {
	name    string
	strided bool
	slices  int // 1: x only; 2: x and y
	// run calls the kernel from set and returns its results.
	run func(set *kernels.Set, a *args[T]) []float64
	// tol returns how far the kernel's results and outputs may be from the
	// pure-Go definition's (FMA and summation order change the last bits);
	// nil means they must be identical.
	tol func(a *args[T]) float64
}

// eps is the unit roundoff of T.
func eps[T kernels.Float]() float64 {
	var t T
	if _, ok := any(t).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

// sumTol bounds the error of a sum of n terms of total magnitude mag:
// both orders of summation err by at most about n*eps*mag.
func sumTol(n int, e, mag float64) float64 { return 2*float64(n+4)*e*mag + math.SmallestNonzeroFloat64 }

// placement says where a call's slices live.
type placement struct {
	name     string
	fromBack bool // against the back guard page, else the front one
	off      int  // elements between the slice and its guard page
}

var placements = []placement{
	{"front", false, 0}, {"back", true, 0}, {"front+1", false, 1}, {"back+3", true, 3},
}

// bench holds one guarded arena per slice.
type bench struct{ x, y *guard.Arena }

func newBench(t testing.TB, bytes int) *bench {
	b := &bench{guard.New(bytes), guard.New(bytes)}
	t.Cleanup(func() { b.x.Free(); b.y.Free() })
	return b
}

// check runs c on set with inputs in, placed as p, and compares results and
// outputs against the pure-Go definition.
func check[T kernels.Float](b *bench, set *kernels.Set, c kernelCase[T], in *args[T], p placement) error {
	generic, _ := kernels.For(kernels.Generic)
	ref := in.clone()
	want := c.run(generic, ref)

	got := *in
	got.x = guard.Place[T](b.x, len(in.x), p.off, p.fromBack)
	got.y = guard.Place[T](b.y, len(in.y), p.off, p.fromBack)
	copy(got.x, in.x)
	copy(got.y, in.y)
	have := c.run(set, &got)

	var tol float64
	if c.tol != nil {
		tol = c.tol(in)
	}
	where := fmt.Sprintf("%s %s n=%d incX=%d incY=%d %s", set.ISA, c.name, in.n, in.incX, in.incY, p.name)
	for i := range want {
		if !near(have[i], want[i], tol) {
			return fmt.Errorf("%s: result %d = %v, want %v (tol %g)", where, i, have[i], want[i], tol)
		}
	}
	for _, s := range []struct {
		name      string
		have, ref []T
		arena     *guard.Arena
	}{{"x", got.x, ref.x, b.x}, {"y", got.y, ref.y, b.y}} {
		for i := range s.ref {
			if !near(float64(s.have[i]), float64(s.ref[i]), tol) {
				return fmt.Errorf("%s: %s[%d] = %v, want %v (tol %g)", where, s.name, i, s.have[i], s.ref[i], tol)
			}
		}
		if !guard.Untouched(s.arena, s.have) {
			return fmt.Errorf("%s: wrote outside %s", where, s.name)
		}
	}
	return nil
}

// near reports whether a is within tol of b; NaN matches NaN and infinities
// match themselves.
func near(a, b, tol float64) bool {
	if a == b || (a != a && b != b) {
		return true
	}
	return math.Abs(a-b) <= tol
}

// sameBits reports whether a and b have the same bits.
func sameBits[T kernels.Float](a, b T) bool {
	if a, ok := any(a).(float32); ok {
		return math.Float32bits(a) == math.Float32bits(any(b).(float32))
	}
	return math.Float64bits(any(a).(float64)) == math.Float64bits(any(b).(float64))
}

// fill returns n values uniform in [-1, 1).
func fill[T kernels.Float](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*r.Float64() - 1)
	}
	return s
}

// randomArgs draws the inputs of a call with n elements at the given increments.
func randomArgs[T kernels.Float](r *rand.Rand, c kernelCase[T], n, incX, incY int) *args[T] {
	a := &args[T]{n: n, incX: incX, incY: incY, alpha: T(2*r.Float64() - 1)}
	for i := range a.h {
		a.h[i] = T(2*r.Float64() - 1)
	}
	if c.strided {
		a.x = fill[T](r, span(n, incX))
		if c.slices == 2 {
			a.y = fill[T](r, span(n, incY))
		}
		return a
	}
	a.incX, a.incY = 1, 1
	a.x = fill[T](r, n)
	if c.slices == 2 {
		a.y = fill[T](r, n)
	}
	return a
}

// simdSets returns the tables of every ISA this CPU runs, generic excluded:
// the ones to check against the definitions.
func simdSets(t testing.TB) []*kernels.Set {
	var out []*kernels.Set
	for _, isa := range dispatch.Available() {
		if isa != kernels.Generic {
			s, _ := kernels.For(isa)
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Logf("no SIMD kernels on this CPU and build (%v): the definitions check themselves", dispatch.Available())
		s, _ := kernels.For(kernels.Generic)
		out = append(out, s)
	}
	return out
}
