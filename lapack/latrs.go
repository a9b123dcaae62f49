package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
)

// Machine constants of Dlatrs: safe minimum over precision, and its
// reciprocal, the largest magnitude its careful solve lets x reach.
const (
	latrsSmall = safeMin / (2 * machEps) // precision: dlamch('P')
	latrsBig   = 1 / latrsSmall
)

// Dlatrs solves op(A)*x = scale*b for triangular A, choosing scale in [0, 1]
// so that x does not overflow, as gonum's Dlatrs does. On entry x holds b;
// on return, the solution. With normin false, cnorm receives the 1-norms of
// the off-diagonal part of A's columns; with normin true it must hold them.
//
// A row-walking Dtrsv solves first. When that solution is finite and no
// larger in magnitude than Dlatrs's bound, it is returned with scale 1;
// otherwise b is restored and gonum's careful solve runs.
func (impl Implementation) Dlatrs(uplo blas.Uplo, trans blas.Transpose, diag blas.Diag, normin bool, n int, a []float64, lda int, x []float64, cnorm []float64) float64 {
	if !latrsArgsValid(uplo, trans, diag, n, a, lda, x, cnorm) {
		// gonum's routine panics with its message for the bad argument.
		return impl.Implementation.Dlatrs(uplo, trans, diag, normin, n, a, lda, x, cnorm)
	}
	if n == 0 {
		return 1
	}
	if !normin {
		columnNorms(uplo, n, a, lda, cnorm)
	}
	if maxAbs(cnorm[:n]) > latrsBig {
		return impl.Implementation.Dlatrs(uplo, trans, diag, true, n, a, lda, x, cnorm)
	}
	haveNorms := true
	return impl.latrs(uplo, trans, diag, n, a, lda, x, cnorm, &haveNorms)
}

// latrs is Dlatrs for valid arguments, n > 0, that computes cnorm only if
// the careful solve needs it and *haveNorms is false, and then sets it:
// the condition estimators solve with each triangle several times, and
// most often never need the norms, whose computation reads the triangle
// once more.
func (impl Implementation) latrs(uplo blas.Uplo, trans blas.Transpose, diag blas.Diag, n int, a []float64, lda int, x, cnorm []float64, haveNorms *bool) float64 {
	if maxAbs(x[:n]) <= latrsBig {
		saved := pool.Scratch[float64](n)
		defer pool.Release(saved)
		b := (*saved)[:n]
		copy(b, x)
		tr := trans
		if tr == blas.ConjTrans {
			tr = blas.Trans
		}
		blas64.Implementation().Dtrsv(uplo, tr, diag, n, a, lda, x, 1)
		if maxAbs(x[:n]) <= latrsBig { // false for NaN too
			return 1
		}
		copy(x, b)
	}
	if !*haveNorms {
		columnNorms(uplo, n, a, lda, cnorm)
		*haveNorms = true
	}
	return impl.Implementation.Dlatrs(uplo, trans, diag, true, n, a, lda, x, cnorm)
}

// latrsArgsValid reports whether gonum's Dlatrs accepts the arguments.
func latrsArgsValid(uplo blas.Uplo, trans blas.Transpose, diag blas.Diag, n int, a []float64, lda int, x, cnorm []float64) bool {
	switch {
	case uplo != blas.Upper && uplo != blas.Lower,
		trans != blas.NoTrans && trans != blas.Trans && trans != blas.ConjTrans,
		diag != blas.Unit && diag != blas.NonUnit,
		n < 0, lda < max(1, n):
		return false
	case n == 0:
		return true
	}
	return len(a) >= (n-1)*lda+n && len(x) >= n && len(cnorm) >= n
}

// columnNorms sets cnorm[j] to the 1-norm of the off-diagonal part of column
// j of the uplo triangle of A, reading A by rows.
func columnNorms(uplo blas.Uplo, n int, a []float64, lda int, cnorm []float64) {
	clear(cnorm[:n])
	addAbs := dispatch.F64().AddAbs
	for i := range n {
		row := a[i*lda : i*lda+n]
		if uplo == blas.Upper {
			addAbs(row[i+1:], cnorm[i+1:n])
		} else {
			addAbs(row[:i], cnorm[:i])
		}
	}
}

// maxAbs returns the largest |x[i]|, or NaN when x holds NaN (so that any
// comparison with it fails).
func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		if !(math.Abs(v) <= m) {
			m = math.Abs(v)
			if math.IsNaN(v) {
				return v
			}
		}
	}
	return m
}
