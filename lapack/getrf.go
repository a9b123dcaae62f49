package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/simdla/simdla/internal/pool"
)

// Dgetrf computes the LU factorization of the m×n matrix A with partial
// pivoting, A = P*L*U, as gonum's Dgetrf does: on return a holds L below
// the diagonal (its unit diagonal not stored) and U on and above it, and
// row i was interchanged with row ipiv[i], which must have length min(m,n).
// It reports false when some diagonal element of U is exactly zero: the
// factorization is complete, but U is singular.
//
// Unlike gonum's blocked algorithm, whose panels of 64 columns factor
// column by column, it splits the columns in halves recursively (Toledo's
// recursive LU, LAPACK's Dgetrf2), so that nearly all the work is in large
// Dtrsm and Dgemm calls and no rank-1 update walks a narrow panel.
func (impl Implementation) Dgetrf(m, n int, a []float64, lda int, ipiv []int) bool {
	mn := min(m, n)
	if m < 0 || n < 0 || lda < max(1, n) || mn > 0 && (len(a) < (m-1)*lda+n || len(ipiv) != mn) {
		// gonum's routine panics with its message for the bad argument.
		return impl.Implementation.Dgetrf(m, n, a, lda, ipiv)
	}
	if mn == 0 {
		return true
	}
	return luRecursive(blas64.Implementation(), m, n, a, lda, ipiv)
}

// luLeaf is the widest panel that luRecursive factors column by column.
const luLeaf = 8

// luRecursive factors the m×n matrix A (min(m,n) ≥ 1) in place, recording
// in ipiv[:min(m,n)] the interchanges relative to A's first row, and reports
// whether every pivot is nonzero.
func luRecursive(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int) bool {
	switch {
	case n <= luLeaf:
		return luPanel(bi, m, n, a, lda, ipiv)
	case m == 1:
		ipiv[0] = 0
		return a[0] != 0
	}
	// [A11 A12; A21 A22] with A11 n1×n1.
	n1 := min(m, n) / 2
	n2 := n - n1
	ok := luRecursive(bi, m, n1, a, lda, ipiv[:n1])
	swapRows(bi, a[n1:], lda, n2, ipiv[:n1], 0)
	a12 := a[n1:]
	a21 := a[n1*lda:]
	a22 := a[n1*lda+n1:]
	bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a, lda, a12, lda)
	bi.Dgemm(blas.NoTrans, blas.NoTrans, m-n1, n2, n1, -1, a21, lda, a12, lda, 1, a22, lda)
	rest := ipiv[n1:min(m, n)]
	if !luRecursive(bi, m-n1, n2, a22, lda, rest) {
		ok = false
	}
	for i := range rest {
		rest[i] += n1
	}
	swapRows(bi, a, lda, n1, rest, n1)
	return ok
}

// luPanel factors the m×w panel A (w ≤ luLeaf) column by column, as
// luRecursive does. It works on a transposed copy, in which each column is
// a contiguous row: pivot searches, scalings and rank-1 updates are then
// unit-stride vector operations.
func luPanel(bi blas.Float64, m, w int, a []float64, lda int, ipiv []int) bool {
	buf := pool.Scratch[float64](w * m)
	defer pool.Release(buf)
	t := (*buf)[:w*m] // t[c*m+i] is A[i][c]
	for i := range m {
		for c, v := range a[i*lda : i*lda+w] {
			t[c*m+i] = v
		}
	}
	ok := true
	for j := range min(m, w) {
		col := t[j*m : (j+1)*m]
		p := j + bi.Idamax(m-j, col[j:], 1)
		ipiv[j] = p
		pivot := col[p]
		if pivot == 0 {
			ok = false // a zero column: nothing to eliminate
			continue
		}
		if p != j {
			for c := range w {
				t[c*m+j], t[c*m+p] = t[c*m+p], t[c*m+j]
			}
		}
		below := col[j+1:]
		if math.Abs(pivot) >= safeMin {
			bi.Dscal(len(below), 1/pivot, below, 1)
		} else { // 1/pivot would overflow
			for i := range below {
				below[i] /= pivot
			}
		}
		for c := j + 1; c < w; c++ {
			row := t[c*m : (c+1)*m]
			bi.Daxpy(len(below), -row[j], below, 1, row[j+1:], 1)
		}
	}
	for i := range m {
		row := a[i*lda : i*lda+w]
		for c := range row {
			row[c] = t[c*m+i]
		}
	}
	return ok
}

// swapRows interchanges, in the first cols columns of A, row first+i with
// row ipiv[i] for each i in order.
func swapRows(bi blas.Float64, a []float64, lda, cols int, ipiv []int, first int) {
	if cols == 0 {
		return
	}
	for i, p := range ipiv {
		if r := first + i; p != r {
			bi.Dswap(cols, a[r*lda:], 1, a[p*lda:], 1)
		}
	}
}
