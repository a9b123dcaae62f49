package lapack_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"

	"github.com/simdla/simdla/blas"
)

// TestDgetrfSingularAndTiny factors matrices with an all-zero column and
// with a column of subnormal numbers (whose reciprocal overflows), across
// the recursion's leaf width and the panel width, and checks P*L*U = A and
// the singularity report against gonum's.
func TestDgetrfSingularAndTiny(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, m := range []int{1, 7, 8, 9, 17, 40, 65, 130} {
		for _, n := range []int{1, 7, 8, 9, 17, 40, 65, 130} {
			for _, special := range []float64{0, 1e-310} {
				lda := n + 3
				a := make([]float64, m*lda)
				for i := range a {
					a[i] = r.NormFloat64()
				}
				col := n / 2
				for i := range m {
					a[i*lda+col] = special * r.NormFloat64()
				}
				orig := append([]float64(nil), a...)
				ipiv := make([]int, min(m, n))
				ok := impl.Dgetrf(m, n, a, lda, ipiv)
				wantOK := gonum.Implementation{}.Dgetrf(m, n, append([]float64(nil), orig...), lda, make([]int, min(m, n)))
				if ok != wantOK {
					t.Errorf("m=%d n=%d column of %v: ok %v, want gonum's %v", m, n, special, ok, wantOK)
				}
				if err := pluError(m, n, a, lda, ipiv, orig); err > 1e-13 {
					t.Errorf("m=%d n=%d column of %v: |PLU-A|/|A| = %v", m, n, special, err)
				}
			}
		}
	}
}

// pluError returns max|P*L*U - A| / max|A| for the factors in lu.
func pluError(m, n int, lu []float64, lda int, ipiv []int, a []float64) float64 {
	k := min(m, n)
	prod := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range min(i+1, j+1, k) {
				l := 1.0
				if p < i {
					l = lu[i*lda+p]
				}
				s += l * lu[p*lda+j]
			}
			prod[i*n+j] = s
		}
	}
	// Undo the interchanges, last first: prod becomes P*L*U.
	for i := k - 1; i >= 0; i-- {
		if p := ipiv[i]; p != i {
			for j := range n {
				prod[i*n+j], prod[p*n+j] = prod[p*n+j], prod[i*n+j]
			}
		}
	}
	var diff, scale float64
	for i := range m {
		for j := range n {
			diff = math.Max(diff, math.Abs(prod[i*n+j]-a[i*lda+j]))
			scale = math.Max(scale, math.Abs(a[i*lda+j]))
		}
	}
	return diff / scale
}

// TestDgetrfSameForEveryThreadCount factors the same matrices on one, two
// and three goroutines: the factors and pivots must be bitwise equal.
func TestDgetrfSameForEveryThreadCount(t *testing.T) {
	defer blas.SetThreads(0)
	r := rand.New(rand.NewPCG(9, 10))
	for _, dims := range [][2]int{{300, 300}, {517, 389}, {200, 450}} {
		m, n := dims[0], dims[1]
		a := make([]float64, m*n)
		for i := range a {
			a[i] = r.NormFloat64()
		}
		var first []float64
		var firstPiv []int
		for _, threads := range []int{1, 2, 3} {
			blas.SetThreads(threads)
			lu := append([]float64(nil), a...)
			ipiv := make([]int, min(m, n))
			impl.Dgetrf(m, n, lu, n, ipiv)
			if first == nil {
				first, firstPiv = lu, ipiv
				continue
			}
			if !slices.Equal(ipiv, firstPiv) || !slices.EqualFunc(lu, first, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }) {
				t.Errorf("%dx%d: %d threads factor differently from one", m, n, threads)
			}
		}
	}
}
