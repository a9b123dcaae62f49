package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
)

// Sgemv is Dgemv in float32.
func (Implementation) Sgemv(tA gblas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	gemv(&dispatch.F32().Vec, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Sger is Dger in float32.
func (Implementation) Sger(m, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	ger(&dispatch.F32().Vec, m, n, alpha, x, incX, y, incY, a, lda)
}

// Ssymv is Dsymv in float32.
func (Implementation) Ssymv(ul gblas.Uplo, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	symv(&dispatch.F32().Vec, ul, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Ssyr is Dsyr in float32.
func (Implementation) Ssyr(ul gblas.Uplo, n int, alpha float32, x []float32, incX int, a []float32, lda int) {
	syr(&dispatch.F32().Vec, ul, n, alpha, x, incX, a, lda)
}

// Ssyr2 is Dsyr2 in float32.
func (Implementation) Ssyr2(ul gblas.Uplo, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	syr2(&dispatch.F32().Vec, ul, n, alpha, x, incX, y, incY, a, lda)
}

// Strmv is Dtrmv in float32.
func (Implementation) Strmv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float32, lda int, x []float32, incX int) {
	trmv(&dispatch.F32().Vec, ul, tA, d, n, a, lda, x, incX)
}

// Strsv is Dtrsv in float32.
func (Implementation) Strsv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float32, lda int, x []float32, incX int) {
	trsv(&dispatch.F32().Vec, ul, tA, d, n, a, lda, x, incX)
}
