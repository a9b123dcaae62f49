package lapack_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	glapack "gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// TestDgesvdMatchesGonum computes singular value decompositions of random
// matrices, square and a little taller than wide (the path this package
// replaces), some scaled to tiny or huge entries, for every pair of the
// jobs All, Store and None, and checks the singular values against
// gonum's, to rounding, U·Σ·Vᵀ = A where both are computed, and the
// orthonormality of what is.
func TestDgesvdMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	jobs := []glapack.SVDJob{glapack.SVDAll, glapack.SVDStore, glapack.SVDNone}
	for _, dims := range [][2]int{{2, 2}, {5, 5}, {40, 33}, {100, 100}, {70, 64}} {
		m, n := dims[0], dims[1]
		for _, scale := range []float64{1, 1e-300, 1e300} {
			for _, jobU := range jobs {
				for _, jobVT := range jobs {
					where := fmt.Sprintf("%dx%d scale %v jobs %c%c", m, n, scale, jobU, jobVT)
					lda, ldu, ldvt := n+1, m+2, n+3
					a := make([]float64, m*lda)
					for i := range a {
						a[i] = r.NormFloat64() * scale
					}
					orig := append([]float64(nil), a...)
					s, sg := make([]float64, n), make([]float64, n)
					u, vt := make([]float64, m*ldu), make([]float64, n*ldvt)
					work := make([]float64, 64*(m+n))
					if !impl.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, len(work)) {
						t.Fatalf("%s: no convergence", where)
					}
					gonum.Implementation{}.Dgesvd(glapack.SVDNone, glapack.SVDNone, m, n, append([]float64(nil), orig...), lda,
						sg, nil, 1, nil, 1, make([]float64, 64*(m+n)), 64*(m+n))
					for k := range n {
						if math.Abs(s[k]-sg[k]) > 1e-13*sg[0] {
							t.Errorf("%s: σ%d = %v, want gonum's %v", where, k, s[k], sg[k])
						}
					}
					ucols := map[glapack.SVDJob]int{glapack.SVDAll: m, glapack.SVDStore: n}[jobU]
					orthonormal(t, where+" U", m, ucols, u, ldu, true)
					if jobVT != glapack.SVDNone {
						orthonormal(t, where+" Vᵀ", n, n, vt, ldvt, false)
					}
					if jobU == glapack.SVDNone || jobVT == glapack.SVDNone {
						continue
					}
					var res float64
					for i := range m {
						for j := range n {
							v := 0.0
							for k := range n {
								v += u[i*ldu+k] * s[k] * vt[k*ldvt+j]
							}
							res = max(res, math.Abs(v-orig[i*lda+j]))
						}
					}
					if res > 1e-12*sg[0] {
						t.Errorf("%s: |UΣVᵀ - A| = %v, σ1 = %v", where, res, sg[0])
					}
				}
			}
		}
	}
}

// orthonormal checks that the cols columns (byColumns) or rows of the
// rows×cols matrix q are orthonormal.
func orthonormal(t *testing.T, where string, rows, cols int, q []float64, ld int, byColumns bool) {
	t.Helper()
	at := func(i, k int) float64 {
		if byColumns {
			return q[i*ld+k]
		}
		return q[k*ld+i]
	}
	vecs, length := cols, rows
	if !byColumns {
		vecs, length = rows, cols
	}
	for k := range vecs {
		for l := range k + 1 {
			dot := 0.0
			for i := range length {
				dot += at(i, k) * at(i, l)
			}
			if k == l {
				dot--
			}
			if math.Abs(dot) > 1e-13*float64(length) {
				t.Errorf("%s: vectors %d, %d: qᵀq - δ = %v", where, k, l, dot)
				return
			}
		}
	}
}
