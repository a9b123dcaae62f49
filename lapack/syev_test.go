package lapack_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	glapack "gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// TestDsyevMatchesGonum computes eigenvalues and eigenvectors of random
// symmetric matrices, some whose tridiagonal form splits and some scaled
// to tiny or huge entries, and checks the eigenvalues against gonum's, to
// rounding, each eigenpair by A·v = λv, and that the vectors are
// orthonormal.
func TestDsyevMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{2, 3, 10, 64, 129} {
		for _, scale := range []float64{1, 1e-300, 1e300} {
			for _, uplo := range []blas.Uplo{blas.Upper, blas.Lower} {
				lda := n + 2
				a := make([]float64, n*lda)
				for i := range n {
					for j := i; j < n; j++ {
						v := r.NormFloat64() * scale
						if i%7 == 3 && j == i+1 {
							v = 0 // splits the tridiagonal form sometimes
						}
						a[i*lda+j], a[j*lda+i] = v, v
					}
				}
				got, want := append([]float64(nil), a...), append([]float64(nil), a...)
				wg, ww := make([]float64, n), make([]float64, n)
				work := make([]float64, 64*n)
				if !impl.Dsyev(glapack.EVCompute, uplo, n, got, lda, wg, work, len(work)) {
					t.Fatalf("n=%d scale %v %c: no convergence", n, scale, uplo)
				}
				gonum.Implementation{}.Dsyev(glapack.EVCompute, uplo, n, want, lda, ww, make([]float64, 64*n), 64*n)
				norm := math.Abs(ww[0]) + math.Abs(ww[n-1])
				for k := range n {
					if math.Abs(wg[k]-ww[k]) > 1e-12*norm {
						t.Errorf("n=%d scale %v %c: eigenvalue %d %v, want gonum's %v", n, scale, uplo, k, wg[k], ww[k])
					}
					// A·v = λv for the computed vector, relative to |A|.
					var res float64
					for i := range n {
						av := 0.0
						for j := range n {
							av += a[i*lda+j] * got[j*lda+k]
						}
						res = max(res, math.Abs(av-wg[k]*got[i*lda+k]))
					}
					if res > 1e-12*norm {
						t.Errorf("n=%d scale %v %c: |Av-λv| = %v for eigenvalue %d", n, scale, uplo, res, k)
					}
					for l := range k + 1 {
						dot := 0.0
						for i := range n {
							dot += got[i*lda+k] * got[i*lda+l]
						}
						if k == l {
							dot--
						}
						if math.Abs(dot) > 1e-13*float64(n) {
							t.Errorf("n=%d scale %v %c: vectors %d and %d: vᵀv - δ = %v", n, scale, uplo, k, l, dot)
						}
					}
				}
			}
		}
	}
}
