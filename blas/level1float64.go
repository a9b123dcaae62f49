package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
)

// Ddot returns the dot product of x and y: the sum of x[i]*y[i].
func (Implementation) Ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	return dot(&dispatch.F64().Vec, n, x, incX, y, incY)
}

// Daxpy adds alpha times x to y: y[i] += alpha*x[i]. With alpha == 0 it
// reads neither vector.
func (Implementation) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) {
	axpy(&dispatch.F64().Vec, n, alpha, x, incX, y, incY)
}

// Dcopy copies x into y: y[i] = x[i].
func (Implementation) Dcopy(n int, x []float64, incX int, y []float64, incY int) {
	copyVec(&dispatch.F64().Vec, n, x, incX, y, incY)
}

// Dswap exchanges the elements of x and y.
func (Implementation) Dswap(n int, x []float64, incX int, y []float64, incY int) {
	swap(&dispatch.F64().Vec, n, x, incX, y, incY)
}

// Drot applies the plane rotation
// x[i], y[i] = c*x[i] + s*y[i], c*y[i] - s*x[i].
func (Implementation) Drot(n int, x []float64, incX int, y []float64, incY int, c, s float64) {
	rot(&dispatch.F64().Vec, n, x, incX, y, incY, c, s, -s, c)
}

// Drotm applies the modified Givens rotation described by p to the 2×n
// matrix whose rows are x and y. It panics on an unknown p.Flag.
func (Implementation) Drotm(n int, x []float64, incX int, y []float64, incY int, p gblas.DrotmParams) {
	rotm(&dispatch.F64().Vec, n, x, incX, y, incY, p.Flag, p.H)
}

// Dscal scales x by alpha: x[i] *= alpha. With alpha == 0 it stores zeros,
// as gonum does. It does nothing for incX < 0.
func (Implementation) Dscal(n int, alpha float64, x []float64, incX int) {
	scal(&dispatch.F64().Vec, n, alpha, x, incX)
}

// Dasum returns the sum of |x[i]|, or 0 for incX < 0.
func (Implementation) Dasum(n int, x []float64, incX int) float64 {
	return asum(&dispatch.F64().Vec, n, x, incX)
}

// Dnrm2 returns the Euclidean norm of x, sqrt(sum x[i]^2), without overflow
// or underflow whenever the norm is representable; 0 for incX < 0.
func (Implementation) Dnrm2(n int, x []float64, incX int) float64 {
	if !checkOne(n, len(x), incX) {
		return 0
	}
	return dispatch.F64().Nrm2(n, x, incX)
}

// Idamax returns the index of the first element of x with the largest
// absolute value, -1 if n == 0 or incX < 0. As in reference BLAS, a NaN
// first element gives 0 and later NaNs are passed over.
func (Implementation) Idamax(n int, x []float64, incX int) int {
	return iamax(&dispatch.F64().Vec, n, x, incX)
}
