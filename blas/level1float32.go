package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
)

// Sdot returns the dot product of x and y, accumulated in float32.
func (Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	return dot(&dispatch.F32().Vec, n, x, incX, y, incY)
}

// Dsdot returns the dot product of x and y with every product and the sum
// in float64.
func (Implementation) Dsdot(n int, x []float32, incX int, y []float32, incY int) float64 {
	if !checkPair(n, len(x), incX, len(y), incY) {
		return 0
	}
	k := dispatch.F32()
	if incX == 1 && incY == 1 {
		return k.Dsdot(x[:n], y[:n])
	}
	return k.DsdotInc(n, x, incX, y, incY)
}

// Sdsdot returns alpha plus the dot product of x and y, accumulated in
// float64 and rounded once to float32, as reference BLAS does.
func (impl Implementation) Sdsdot(n int, alpha float32, x []float32, incX int, y []float32, incY int) float32 {
	return float32(float64(alpha) + impl.Dsdot(n, x, incX, y, incY))
}

// Saxpy adds alpha times x to y: y[i] += alpha*x[i]. With alpha == 0 it
// reads neither vector.
func (Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	axpy(&dispatch.F32().Vec, n, alpha, x, incX, y, incY)
}

// Scopy copies x into y: y[i] = x[i].
func (Implementation) Scopy(n int, x []float32, incX int, y []float32, incY int) {
	copyVec(&dispatch.F32().Vec, n, x, incX, y, incY)
}

// Sswap exchanges the elements of x and y.
func (Implementation) Sswap(n int, x []float32, incX int, y []float32, incY int) {
	swap(&dispatch.F32().Vec, n, x, incX, y, incY)
}

// Srot applies the plane rotation
// x[i], y[i] = c*x[i] + s*y[i], c*y[i] - s*x[i].
func (Implementation) Srot(n int, x []float32, incX int, y []float32, incY int, c, s float32) {
	rot(&dispatch.F32().Vec, n, x, incX, y, incY, c, s, -s, c)
}

// Srotm applies the modified Givens rotation described by p to the 2×n
// matrix whose rows are x and y. It panics on an unknown p.Flag.
func (Implementation) Srotm(n int, x []float32, incX int, y []float32, incY int, p gblas.SrotmParams) {
	rotm(&dispatch.F32().Vec, n, x, incX, y, incY, p.Flag, p.H)
}

// Sscal scales x by alpha: x[i] *= alpha. With alpha == 0 it stores zeros,
// as gonum does. It does nothing for incX < 0.
func (Implementation) Sscal(n int, alpha float32, x []float32, incX int) {
	scal(&dispatch.F32().Vec, n, alpha, x, incX)
}

// Sasum returns the sum of |x[i]|, accumulated in float32; 0 for incX < 0.
func (Implementation) Sasum(n int, x []float32, incX int) float32 {
	return asum(&dispatch.F32().Vec, n, x, incX)
}

// Snrm2 returns the Euclidean norm of x, with the squares summed in float64
// so that nothing overflows or underflows; 0 for incX < 0.
func (Implementation) Snrm2(n int, x []float32, incX int) float32 {
	if !checkOne(n, len(x), incX) {
		return 0
	}
	return dispatch.F32().Nrm2(n, x, incX)
}

// Isamax returns the index of the first element of x with the largest
// absolute value, -1 if n == 0 or incX < 0. As in reference BLAS, a NaN
// first element gives 0 and later NaNs are passed over.
func (Implementation) Isamax(n int, x []float32, incX int) int {
	return iamax(&dispatch.F32().Vec, n, x, incX)
}
