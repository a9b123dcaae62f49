package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// Dgemm computes C = alpha*op(A)*op(B) + beta*C, where op(X) is X or its
// transpose, op(A) is m×k, op(B) is k×n and C is m×n, all row-major. As
// in reference BLAS, with beta == 0 C is not read (NaN in C does not
// propagate) and with alpha == 0 neither A nor B is read.
func (Implementation) Dgemm(tA, tB gblas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	runGemm(&dispatch.F64().Gemm, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm computes C = alpha*op(A)*op(B) + beta*C in float32; see Dgemm.
func (Implementation) Sgemm(tA, tB gblas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	runGemm(&dispatch.F32().Gemm, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SetThreads sets how many goroutines one Level-3 call may use; n <= 0
// restores the default, GOMAXPROCS at the time of each call. Results are
// bitwise identical for every thread count.
func SetThreads(n int) { par.SetThreads(n) }

// Threads returns how many goroutines one Level-3 call may use.
func Threads() int { return par.Threads() }

// runGemm checks the arguments as gonum does, then runs the engine.
func runGemm[T kernels.Float](g *kernels.Gemm[T], tA, tB gblas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	transA, transB := isTrans(tA), isTrans(tB)
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	switch {
	case lda < max(1, colsA):
		panic(badLdA)
	case ldb < max(1, colsB):
		panic(badLdB)
	case ldc < max(1, n):
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return
	}
	switch {
	case len(a) < (rowsA-1)*lda+colsA:
		panic(shortA)
	case len(b) < (rowsB-1)*ldb+colsB:
		panic(shortB)
	case len(c) < (m-1)*ldc+n:
		panic(shortC)
	}
	gemm.Run(g, gemm.Problem[T]{
		TransA: transA, TransB: transB, M: m, N: n, K: k,
		Alpha: alpha, A: a, Lda: lda, B: b, Ldb: ldb, Beta: beta, C: c, Ldc: ldc,
	})
}

// isTrans reports whether t transposes, and panics if t is no transpose
// value. For real matrices ConjTrans is Trans.
func isTrans(t gblas.Transpose) bool {
	switch t {
	case gblas.NoTrans:
		return false
	case gblas.Trans, gblas.ConjTrans:
		return true
	}
	panic(badTranspose)
}

// Dtrsm solves op(A)*X = alpha*B (s Left) or X*op(A) = alpha*B (s Right)
// for X, which overwrites the m×n B; A is triangular (ul), with a unit
// diagonal that is not read if d is Unit. With alpha == 0, B is zeroed and
// A is not read.
func (Implementation) Dtrsm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	trsm(&dispatch.F64().Vec, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Strsm is Dtrsm in float32.
func (Implementation) Strsm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	trsm(&dispatch.F32().Vec, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Dtrmm computes B = alpha*op(A)*B (s Left) or B = alpha*B*op(A) (s Right)
// for the m×n B and triangular A (ul), with a unit diagonal that is not
// read if d is Unit.
func (Implementation) Dtrmm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	trmm(&dispatch.F64().Vec, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Strmm is Dtrmm in float32.
func (Implementation) Strmm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	trmm(&dispatch.F32().Vec, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Dsymm computes C = alpha*A*B + beta*C (s Left) or C = alpha*B*A + beta*C
// (s Right) for the m×n C and symmetric A, read from its ul triangle.
func (Implementation) Dsymm(s gblas.Side, ul gblas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	symm(&dispatch.F64().Vec, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Ssymm is Dsymm in float32.
func (Implementation) Ssymm(s gblas.Side, ul gblas.Uplo, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	symm(&dispatch.F32().Vec, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dsyrk computes C = alpha*op(A)*op(A)ᵀ + beta*C on the ul triangle of the
// n×n C, where op(A) is n×k: A, or Aᵀ if tA transposes.
func (Implementation) Dsyrk(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	syrk(&dispatch.F64().Vec, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Ssyrk is Dsyrk in float32.
func (Implementation) Ssyrk(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	syrk(&dispatch.F32().Vec, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Dsyr2k computes C = alpha*op(A)*op(B)ᵀ + alpha*op(B)*op(A)ᵀ + beta*C on
// the ul triangle of the n×n C, where op(A) and op(B) are n×k.
func (Implementation) Dsyr2k(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	syr2k(&dispatch.F64().Vec, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Ssyr2k is Dsyr2k in float32.
func (Implementation) Ssyr2k(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	syr2k(&dispatch.F32().Vec, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
