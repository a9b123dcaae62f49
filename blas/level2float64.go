package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
)

// Dgemv computes y = alpha*op(A)*x + beta*y, where A is m×n and op(A) is A
// or Aᵀ. With beta == 0 y is not read; with alpha == 0 neither A nor x is.
func (Implementation) Dgemv(tA gblas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	gemv(&dispatch.F64().Vec, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Dger computes A += alpha*x*yᵀ, where A is m×n.
func (Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	ger(&dispatch.F64().Vec, m, n, alpha, x, incX, y, incY, a, lda)
}

// Dsymv computes y = alpha*A*x + beta*y, where A is n×n symmetric and only
// its ul triangle is read.
func (Implementation) Dsymv(ul gblas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	symv(&dispatch.F64().Vec, ul, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Dsyr computes A += alpha*x*xᵀ on the ul triangle of the n×n symmetric A.
func (Implementation) Dsyr(ul gblas.Uplo, n int, alpha float64, x []float64, incX int, a []float64, lda int) {
	syr(&dispatch.F64().Vec, ul, n, alpha, x, incX, a, lda)
}

// Dsyr2 computes A += alpha*x*yᵀ + alpha*y*xᵀ on the ul triangle of the
// n×n symmetric A.
func (Implementation) Dsyr2(ul gblas.Uplo, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	syr2(&dispatch.F64().Vec, ul, n, alpha, x, incX, y, incY, a, lda)
}

// Dtrmv computes x = op(A)*x, where A is n×n triangular (ul), with a unit
// diagonal that is not read if d is Unit.
func (Implementation) Dtrmv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	trmv(&dispatch.F64().Vec, ul, tA, d, n, a, lda, x, incX)
}

// Dtrsv solves op(A)*x = b, where A is n×n triangular (ul), with a unit
// diagonal that is not read if d is Unit; b comes in x and x goes out in
// it. No test for singularity is made.
func (Implementation) Dtrsv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	trsv(&dispatch.F64().Vec, ul, tA, d, n, a, lda, x, incX)
}
