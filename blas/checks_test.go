package blas_test

import (
	"fmt"
	"testing"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdla/simdla/internal/guard"
)

// panicMessage returns what f panics with, or "" if it returns.
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestArgumentChecks calls every Level-1 routine with each kind of bad
// argument and checks the panic message, which must be gonum's.
func TestArgumentChecks(t *testing.T) {
	x, y := make([]float64, 10), make([]float64, 10)
	xs, ys := make([]float32, 10), make([]float32, 10)
	// pair calls a two-vector routine of both types.
	pair := func(n, lx, incX, ly, incY int) map[string]func() {
		x, y, xs, ys := x[:lx], y[:ly], xs[:lx], ys[:ly]
		return map[string]func(){
			"Ddot":   func() { impl.Ddot(n, x, incX, y, incY) },
			"Daxpy":  func() { impl.Daxpy(n, 2, x, incX, y, incY) },
			"Dcopy":  func() { impl.Dcopy(n, x, incX, y, incY) },
			"Dswap":  func() { impl.Dswap(n, x, incX, y, incY) },
			"Drot":   func() { impl.Drot(n, x, incX, y, incY, 0.6, 0.8) },
			"Drotm":  func() { impl.Drotm(n, x, incX, y, incY, gblas.DrotmParams{Flag: gblas.Rescaling}) },
			"Sdot":   func() { impl.Sdot(n, xs, incX, ys, incY) },
			"Dsdot":  func() { impl.Dsdot(n, xs, incX, ys, incY) },
			"Sdsdot": func() { impl.Sdsdot(n, 1, xs, incX, ys, incY) },
			"Saxpy":  func() { impl.Saxpy(n, 2, xs, incX, ys, incY) },
			"Scopy":  func() { impl.Scopy(n, xs, incX, ys, incY) },
			"Sswap":  func() { impl.Sswap(n, xs, incX, ys, incY) },
			"Srot":   func() { impl.Srot(n, xs, incX, ys, incY, 0.6, 0.8) },
			"Srotm":  func() { impl.Srotm(n, xs, incX, ys, incY, gblas.SrotmParams{Flag: gblas.Rescaling}) },
		}
	}
	one := func(n, lx, incX int) map[string]func() {
		x, xs := x[:lx], xs[:lx]
		return map[string]func(){
			"Dscal": func() { impl.Dscal(n, 2, x, incX) }, "Sscal": func() { impl.Sscal(n, 2, xs, incX) },
			"Dasum": func() { impl.Dasum(n, x, incX) }, "Sasum": func() { impl.Sasum(n, xs, incX) },
			"Dnrm2": func() { impl.Dnrm2(n, x, incX) }, "Snrm2": func() { impl.Snrm2(n, xs, incX) },
			"Idamax": func() { impl.Idamax(n, x, incX) }, "Isamax": func() { impl.Isamax(n, xs, incX) },
		}
	}
	for _, c := range []struct {
		calls map[string]func()
		want  string
	}{
		{pair(3, 10, 0, 10, 1), "blas: zero x index increment"},
		{pair(3, 10, 1, 10, 0), "blas: zero y index increment"},
		{pair(-1, 10, 1, 10, 1), "blas: n < 0"},
		{pair(4, 3, 1, 10, 1), "blas: insufficient length of x"},
		{pair(4, 9, -3, 10, 1), "blas: insufficient length of x"},
		{pair(4, 10, 1, 9, 3), "blas: insufficient length of y"},
		{pair(4, 10, 1, 9, -3), "blas: insufficient length of y"},
		{one(3, 10, 0), "blas: zero x index increment"},
		{one(-1, 10, 1), "blas: n < 0"},
		{one(4, 9, 3), "blas: insufficient length of x"},
		{one(11, 10, 1), "blas: insufficient length of x"},
	} {
		for name, f := range c.calls {
			if got := panicMessage(f); got != c.want {
				t.Errorf("%s: panic %q, want %q", name, got, c.want)
			}
		}
	}
	for name, f := range map[string]func(){
		"Drotm": func() { impl.Drotm(2, x, 1, y, 1, gblas.DrotmParams{Flag: 7}) },
		"Srotm": func() { impl.Srotm(2, xs, 1, ys, 1, gblas.SrotmParams{Flag: 7}) },
	} {
		if got := panicMessage(f); got != "blas: illegal rotm flag" {
			t.Errorf("%s with flag 7: panic %q", name, got)
		}
	}
}

// TestNegativeIncrementOneVector checks the reference BLAS rule that the
// one-vector routines do nothing for incX < 0, as gonum's do.
func TestNegativeIncrementOneVector(t *testing.T) {
	var g gonum.Implementation
	x := []float64{1, -3, 2}
	if got, want := impl.Dnrm2(3, x, -1), g.Dnrm2(3, x, -1); got != want {
		t.Errorf("Dnrm2 incX=-1: %v, want %v", got, want)
	}
	if got, want := impl.Idamax(3, x, -1), g.Idamax(3, x, -1); got != want {
		t.Errorf("Idamax incX=-1: %v, want %v", got, want)
	}
	impl.Dscal(3, 0, x, -1)
	if x[1] != -3 {
		t.Errorf("Dscal incX=-1 changed x: %v", x)
	}
}

// TestGuardedLevel1 runs the routines on slices of exactly the length their
// arguments need, each against a guard page: the routine's own slicing must
// not let a kernel read or write past what the caller passed.
func TestGuardedLevel1(t *testing.T) {
	ax, ay := guard.New(1<<16), guard.New(1<<16)
	defer ax.Free()
	defer ay.Free()
	for _, n := range []int{1, 2, 5, 17, 64, 333} {
		for _, inc := range []int{1, 3, -2} {
			for _, back := range []bool{false, true} {
				m := spanOf(n, inc)
				x, y := guard.Place[float64](ax, m, 0, back), guard.Place[float64](ay, m, 0, back)
				xs, ys := guard.Place[float32](ax, m, 0, !back), guard.Place[float32](ay, m, 0, !back)
				for i := range x {
					x[i], y[i], xs[i], ys[i] = 1, 2, 3, 4
				}
				impl.Ddot(n, x, inc, y, inc)
				impl.Daxpy(n, 0.5, x, inc, y, inc)
				impl.Dswap(n, x, inc, y, inc)
				impl.Dcopy(n, x, inc, y, inc)
				impl.Drot(n, x, inc, y, inc, 0.6, 0.8)
				impl.Sdot(n, xs, inc, ys, inc)
				impl.Dsdot(n, xs, inc, ys, inc)
				impl.Saxpy(n, 0.5, xs, inc, ys, inc)
				impl.Srot(n, xs, inc, ys, inc, 0.6, 0.8)
				if inc > 0 {
					impl.Dscal(n, 2, x, inc)
					impl.Dasum(n, x, inc)
					impl.Dnrm2(n, x, inc)
					impl.Idamax(n, x, inc)
					impl.Sscal(n, 2, xs, inc)
					impl.Snrm2(n, xs, inc)
					impl.Isamax(n, xs, inc)
				}
			}
		}
	}
}

// TestGemmArgumentChecks checks Dgemm's and Sgemm's panics, which must be
// gonum's, and that nothing panics for valid calls with empty dimensions.
func TestGemmArgumentChecks(t *testing.T) {
	a, b, c := make([]float64, 12), make([]float64, 12), make([]float64, 12)
	as, bs, cs := make([]float32, 12), make([]float32, 12), make([]float32, 12)
	type call struct {
		tA, tB                 gblas.Transpose
		m, n, k, lda, ldb, ldc int
		la, lb, lc             int // slice lengths
	}
	for _, c2 := range []struct {
		call
		want string
	}{
		{call{'X', gblas.NoTrans, 2, 2, 2, 2, 2, 2, 12, 12, 12}, "blas: illegal transpose"},
		{call{gblas.NoTrans, 'X', 2, 2, 2, 2, 2, 2, 12, 12, 12}, "blas: illegal transpose"},
		{call{gblas.NoTrans, gblas.NoTrans, -1, 2, 2, 2, 2, 2, 12, 12, 12}, "blas: m < 0"},
		{call{gblas.NoTrans, gblas.NoTrans, 2, -1, 2, 2, 2, 2, 12, 12, 12}, "blas: n < 0"},
		{call{gblas.NoTrans, gblas.NoTrans, 2, 2, -1, 2, 2, 2, 12, 12, 12}, "blas: k < 0"},
		{call{gblas.NoTrans, gblas.NoTrans, 2, 2, 3, 2, 2, 2, 12, 12, 12}, "blas: bad leading dimension of A"},
		{call{gblas.Trans, gblas.NoTrans, 3, 2, 2, 2, 2, 2, 12, 12, 12}, "blas: bad leading dimension of A"},
		{call{gblas.NoTrans, gblas.NoTrans, 2, 3, 2, 2, 2, 3, 12, 12, 12}, "blas: bad leading dimension of B"},
		{call{gblas.NoTrans, gblas.Trans, 2, 2, 3, 3, 2, 2, 12, 12, 12}, "blas: bad leading dimension of B"},
		{call{gblas.NoTrans, gblas.NoTrans, 2, 3, 2, 2, 3, 2, 12, 12, 12}, "blas: bad leading dimension of C"},
		{call{gblas.NoTrans, gblas.NoTrans, 3, 3, 3, 3, 3, 3, 8, 12, 12}, "blas: insufficient length of a"},
		{call{gblas.NoTrans, gblas.NoTrans, 3, 3, 3, 3, 3, 3, 12, 8, 12}, "blas: insufficient length of b"},
		{call{gblas.NoTrans, gblas.NoTrans, 3, 3, 3, 3, 3, 3, 12, 12, 8}, "blas: insufficient length of c"},
		{call{gblas.NoTrans, gblas.NoTrans, 0, 3, 3, 3, 3, 3, 0, 0, 0}, ""},
		{call{gblas.NoTrans, gblas.NoTrans, 3, 3, 0, 1, 3, 3, 2, 0, 9}, ""}, // k == 0: C = beta*C
	} {
		x := c2.call
		d := func() { impl.Dgemm(x.tA, x.tB, x.m, x.n, x.k, 1, a[:x.la], x.lda, b[:x.lb], x.ldb, 0, c[:x.lc], x.ldc) }
		s := func() {
			impl.Sgemm(x.tA, x.tB, x.m, x.n, x.k, 1, as[:x.la], x.lda, bs[:x.lb], x.ldb, 0, cs[:x.lc], x.ldc)
		}
		for name, f := range map[string]func(){"Dgemm": d, "Sgemm": s} {
			if got := panicMessage(f); got != c2.want {
				t.Errorf("%s%+v: panic %q, want %q", name, x, got, c2.want)
			}
		}
	}
}
