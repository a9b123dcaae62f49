package lapack_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	gblas "gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack/gonum"
)

// upperSystem returns an n×n upper triangular A with diag on its diagonal
// and -1 above it, whose solution of A x = 1 grows like (1+1/diag)^n.
func upperSystem(n int, diag float64) (a, b []float64) {
	a, b = make([]float64, n*n), make([]float64, n)
	for i := range n {
		a[i*n+i] = diag
		for j := i + 1; j < n; j++ {
			a[i*n+j] = -1
		}
		b[i] = 1
	}
	return a, b
}

func TestDlatrsSolvesInRangeWithoutScaling(t *testing.T) {
	const n = 20
	a, b := upperSystem(n, 4)
	for _, trans := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
		x := append([]float64(nil), b...)
		scale := impl.Dlatrs(blas.Upper, trans, blas.NonUnit, false, n, a, n, x, make([]float64, n))
		want := append([]float64(nil), b...)
		gblas.Implementation{}.Dtrsv(blas.Upper, trans, blas.NonUnit, n, a, n, want, 1)
		if scale != 1 {
			t.Errorf("trans %c: scale %v, want 1", trans, scale)
		}
		for i := range x {
			if math.Abs(x[i]-want[i]) > 1e-14*math.Abs(want[i]) {
				t.Errorf("trans %c: x[%d] = %v, want %v", trans, i, x[i], want[i])
			}
		}
	}
}

// A solution that overflows takes gonum's careful path: a scale below one
// keeps x finite, and x is gonum's.
func TestDlatrsScalesWhenSolutionOverflows(t *testing.T) {
	const n = 40
	a, b := upperSystem(n, 1e-300)
	for _, trans := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		x := append([]float64(nil), b...)
		scale := impl.Dlatrs(blas.Upper, trans, blas.NonUnit, false, n, a, n, x, make([]float64, n))
		want := append([]float64(nil), b...)
		wantScale := gonum.Implementation{}.Dlatrs(blas.Upper, trans, blas.NonUnit, false, n, a, n, want, make([]float64, n))
		if !(scale < 1) || scale != wantScale {
			t.Errorf("trans %c: scale %v, want gonum's %v (< 1)", trans, scale, wantScale)
		}
		for i := range x {
			if x[i] != want[i] {
				t.Errorf("trans %c: x[%d] = %v, want gonum's %v", trans, i, x[i], want[i])
			}
		}
	}
}
