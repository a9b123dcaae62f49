package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dgecon estimates the reciprocal condition number of the n×n matrix whose
// LU factors (from Dgetrf) are in a, in the 1-norm (norm MaxColumnSum) or
// the ∞-norm (MaxRowSum), given anorm, the same norm of the original
// matrix. work must have length at least 4n and iwork at least n. It is
// gonum's Dgecon with the triangular solves of this package's Dlatrs.
func (impl Implementation) Dgecon(norm lapack.MatrixNorm, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if !conArgsValid(norm, n, a, lda, work, 4*n, iwork) || anorm < 0 {
		return impl.Implementation.Dgecon(norm, n, a, lda, anorm, work, iwork)
	}
	switch {
	case n == 0:
		return 1
	case anorm == 0, math.IsInf(anorm, 1):
		return 0
	case math.IsNaN(anorm):
		return anorm
	}
	// op(A)⁻¹ = op(U)⁻¹ op(L)⁻¹ for the norm's own kase, the transpose
	// for the other one.
	var haveL, haveU bool
	solve := func(transposed bool) float64 {
		x, cl, cu := work[:n], work[2*n:3*n], work[3*n:4*n]
		if !transposed {
			sl := impl.latrs(blas.Lower, blas.NoTrans, blas.Unit, n, a, lda, x, cl, &haveL)
			return sl * impl.latrs(blas.Upper, blas.NoTrans, blas.NonUnit, n, a, lda, x, cu, &haveU)
		}
		su := impl.latrs(blas.Upper, blas.Trans, blas.NonUnit, n, a, lda, x, cu, &haveU)
		return su * impl.latrs(blas.Lower, blas.Trans, blas.Unit, n, a, lda, x, cl, &haveL)
	}
	ainvnm, ok := impl.inverseNorm(norm, n, work, iwork, safeMin, solve)
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / ainvnm) / anorm
}

// Dpocon estimates the reciprocal condition number, in the 1-norm, of the
// symmetric positive definite n×n matrix whose Cholesky factor (from
// Dpotrf) is the uplo triangle of a, given anorm, the 1-norm of the
// original matrix. work must have length at least 3n and iwork at least n.
// It is gonum's Dpocon with the triangular solves of this package's Dlatrs.
func (impl Implementation) Dpocon(uplo blas.Uplo, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if uplo != blas.Upper && uplo != blas.Lower || !conArgsValid(lapack.MaxColumnSum, n, a, lda, work, 3*n, iwork) || anorm < 0 {
		return impl.Implementation.Dpocon(uplo, n, a, lda, anorm, work, iwork)
	}
	switch {
	case n == 0:
		return 1
	case anorm == 0:
		return 0
	}
	// A⁻¹ = (UᵀU)⁻¹ = U⁻¹U⁻ᵀ, or (LLᵀ)⁻¹ = L⁻ᵀL⁻¹: symmetric, so both
	// kases solve the same way.
	first, second := blas.Trans, blas.NoTrans
	if uplo == blas.Lower {
		first, second = blas.NoTrans, blas.Trans
	}
	var have bool
	solve := func(bool) float64 {
		x, cnorm := work[:n], work[2*n:3*n]
		s := impl.latrs(uplo, first, blas.NonUnit, n, a, lda, x, cnorm, &have)
		return s * impl.latrs(uplo, second, blas.NonUnit, n, a, lda, x, cnorm, &have)
	}
	ainvnm, ok := impl.inverseNorm(lapack.MaxColumnSum, n, work, iwork, safeMin, solve)
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / ainvnm) / anorm
}

// Dtrcon estimates the reciprocal condition number of the n×n triangular
// matrix in the uplo triangle of a, in the 1-norm (norm MaxColumnSum) or the
// ∞-norm (MaxRowSum). work must have length at least 3n and iwork at least
// n. It is gonum's Dtrcon with the triangular solves of this package's
// Dlatrs.
func (impl Implementation) Dtrcon(norm lapack.MatrixNorm, uplo blas.Uplo, diag blas.Diag, n int, a []float64, lda int, work []float64, iwork []int) float64 {
	if uplo != blas.Upper && uplo != blas.Lower || diag != blas.Unit && diag != blas.NonUnit || !conArgsValid(norm, n, a, lda, work, 3*n, iwork) {
		return impl.Implementation.Dtrcon(norm, uplo, diag, n, a, lda, work, iwork)
	}
	if n == 0 {
		return 1
	}
	anorm := impl.Dlantr(norm, uplo, diag, n, n, a, lda, work)
	if anorm <= 0 {
		return 0
	}
	var have bool
	solve := func(transposed bool) float64 {
		trans := blas.NoTrans
		if transposed {
			trans = blas.Trans
		}
		return impl.latrs(uplo, trans, diag, n, a, lda, work[:n], work[2*n:3*n], &have)
	}
	ainvnm, ok := impl.inverseNorm(norm, n, work, iwork, safeMin*float64(n), solve)
	if !ok || ainvnm == 0 {
		return 0
	}
	return (1 / anorm) / ainvnm
}

// conArgsValid reports whether a condition estimator of gonum accepts norm,
// n, a, lda and the lengths of work (at least minWork) and iwork. The caller
// checks its own further arguments.
func conArgsValid(norm lapack.MatrixNorm, n int, a []float64, lda int, work []float64, minWork int, iwork []int) bool {
	switch {
	case norm != lapack.MaxColumnSum && norm != lapack.MaxRowSum, n < 0, lda < max(1, n):
		return false
	case n == 0:
		return true
	}
	return len(a) >= (n-1)*lda+n && len(work) >= minWork && len(iwork) >= n
}

// inverseNorm estimates ‖B‖ for B = op⁻¹, in the 1-norm (norm MaxColumnSum)
// or the ∞-norm (MaxRowSum), by Hager and Higham's method (Dlacn2). Each
// step asks solve to overwrite work[:n] with B·x (transposed false) or Bᵀ·x
// (true) times the scale it returns. It reports false when a scale would
// overflow x, where the estimate is that B is singular to working
// precision (the caller's reciprocal condition number is 0).
func (impl Implementation) inverseNorm(norm lapack.MatrixNorm, n int, work []float64, iwork []int, smallest float64, solve func(transposed bool) float64) (float64, bool) {
	// Dlacn2's kase 1 asks for B·x, kase 2 for Bᵀ·x; the ∞-norm of B is
	// the 1-norm of Bᵀ.
	plain := 1
	if norm == lapack.MaxRowSum {
		plain = 2
	}
	var (
		est   float64
		kase  int
		isave [3]int
	)
	for {
		est, kase = impl.Dlacn2(n, work[n:2*n], work[:n], iwork, est, kase, &isave)
		if kase == 0 {
			return est, true
		}
		scale := solve(kase != plain)
		if scale != 1 {
			xmax := math.Abs(work[blas64.Implementation().Idamax(n, work, 1)])
			if scale == 0 || scale < xmax*smallest {
				return 0, false
			}
			impl.Drscl(n, scale, work[:n], 1)
		}
	}
}
