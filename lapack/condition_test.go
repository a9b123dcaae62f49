package lapack_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	glapack "gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// TestConditionMatchesGonumNearSingular compares the estimates with
// gonum's on factors whose diagonal holds tiny or zero entries, where the
// solves scale and the estimators give up (reciprocal condition 0).
func TestConditionMatchesGonumNearSingular(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 5, 30} {
		for _, tiny := range []float64{1, 1e-200, 1e-310, 0} {
			a := make([]float64, n*n)
			for i := range a {
				a[i] = r.NormFloat64()
			}
			for i := 0; i < n; i += 3 {
				a[i*n+i] = tiny
			}
			for _, anorm := range []float64{0, 1, 1e300} {
				same(t, "Dpocon", n, tiny, anorm, func(l overridden) float64 {
					return l.Dpocon(blas.Upper, n, a, max(1, n), anorm, make([]float64, 3*n), make([]int, n))
				})
				for _, norm := range []glapack.MatrixNorm{glapack.MaxColumnSum, glapack.MaxRowSum} {
					same(t, "Dgecon", n, tiny, anorm, func(l overridden) float64 {
						return l.Dgecon(norm, n, a, max(1, n), anorm, make([]float64, 4*n), make([]int, n))
					})
					same(t, "Dtrcon", n, tiny, anorm, func(l overridden) float64 {
						return l.Dtrcon(norm, blas.Lower, blas.NonUnit, n, a, max(1, n), make([]float64, 3*n), make([]int, n))
					})
				}
			}
		}
	}
}

// same checks that est gives simdla the estimate gonum gets, to rounding.
func same(t *testing.T, name string, n int, tiny, anorm float64, est func(overridden) float64) {
	t.Helper()
	got, want := est(impl), est(gonum.Implementation{})
	if got != want && !(math.Abs(got-want) <= 1e-12*math.Abs(want)) {
		t.Errorf("%s n=%d diag %v anorm %v: %v, want gonum's %v", name, n, tiny, anorm, got, want)
	}
}
