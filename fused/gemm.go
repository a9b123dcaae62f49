package fused

import (
	"fmt"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Gemm computes C = ep(alpha*op(A)*op(B) + beta*C) on row-major matrices:
// op(A) is m×k, op(B) k×n and C m×n, with op(X) = X, or its transpose when
// transX is set, and ep an Epilogue (nil: none). With beta == 0, C is not
// read; with alpha == 0 or k == 0, neither A nor B is. It panics, naming
// the argument, where a size is negative, a leading dimension too small or
// a slice too short, before anything is computed. Results are the same
// bit for bit for every number of threads (par's, as blas.SetThreads sets
// them).
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, ep *Epilogue[T]) {
	for _, d := range [...]struct {
		name string
		v    int
	}{{"m", m}, {"n", n}, {"k", k}} {
		if d.v < 0 {
			panic(fmt.Sprintf("fused: %s = %d, must not be negative", d.name, d.v))
		}
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix("A", "lda", rowsA, colsA, len(a), lda)
	checkMatrix("B", "ldb", rowsB, colsB, len(b), ldb)
	checkMatrix("C", "ldc", m, n, len(c), ldc)
	p := gemm.Problem[T]{TransA: transA, TransB: transB, M: m, N: n, K: k,
		Alpha: alpha, A: a, Lda: lda, B: b, Ldb: ldb, Beta: beta, C: c, Ldc: ldc}
	if ep != nil {
		ep.check(m, n)
		p.Epilogue = ep
	}
	gemm.Run(gemmOf[T](), p)
}

// checkMatrix panics unless a rows×cols matrix with leading dimension ld
// fits a slice of length n.
func checkMatrix(name, ldName string, rows, cols, n, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("fused: %s = %d, less than the %d columns of %s", ldName, ld, max(1, cols), name))
	}
	if rows > 0 && cols > 0 && n < (rows-1)*ld+cols {
		panic(fmt.Sprintf("fused: %s has %d elements, %dx%d with %s %d needs %d", name, n, rows, cols, ldName, ld, (rows-1)*ld+cols))
	}
}

// gemmOf returns the GEMM kernels dispatch chose for T.
func gemmOf[T Float]() *kernels.Gemm[T] {
	return pool.ByType[kernels.Gemm[T]](&dispatch.F32().Gemm, &dispatch.F64().Gemm)
}
