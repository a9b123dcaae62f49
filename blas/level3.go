package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/gemm"
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
func SetThreads(n int) { gemm.SetThreads(n) }

// Threads returns how many goroutines one Level-3 call may use.
func Threads() int { return gemm.Threads() }

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
