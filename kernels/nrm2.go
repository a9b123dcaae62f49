package kernels

import "math"

// Nrm2 returns the Euclidean norm sqrt(sum x[i]^2) of the n elements of x at
// increment incX, without overflow or underflow whenever the norm is
// representable: NaN if any element is NaN, else +Inf if any is infinite.
//
// One pass sums the squares and finds the largest |x[i]|. Only when that
// maximum lies outside [2^-480, 2^480], where a square could overflow or
// the squares of small elements could lose precision, does a second pass
// sum the squares scaled by a power of two, which is exact.
func (k *Float64) Nrm2(n int, x []float64, incX int) float64 {
	sumSq, maxAbs := k.sumSquares(n, 1, x, incX)
	switch {
	case math.IsNaN(sumSq):
		return math.NaN()
	case math.IsInf(maxAbs, 1):
		return math.Inf(1)
	case maxAbs == 0:
		return 0
	case maxAbs >= 0x1p-480 && maxAbs <= 0x1p480:
		return math.Sqrt(sumSq)
	}
	// Scale maxAbs into [1/2, 1); for subnormals as far as 2^1022 allows.
	_, exp := math.Frexp(maxAbs)
	scale := math.Ldexp(1, min(-exp, 1022))
	sumSq, _ = k.sumSquares(n, scale, x, incX)
	return math.Sqrt(sumSq) / scale
}

func (k *Float64) sumSquares(n int, scale float64, x []float64, incX int) (sumSq, maxAbs float64) {
	if incX == 1 {
		return k.SumSquares(scale, x[:n])
	}
	return k.SumSquaresInc(n, scale, x, incX)
}

// Nrm2 returns the Euclidean norm of the n elements of x at increment incX.
// The squares are summed in float64, so no intermediate overflows or
// underflows; the result is rounded once to float32.
func (k *Float32) Nrm2(n int, x []float32, incX int) float32 {
	if incX == 1 {
		return float32(math.Sqrt(k.SumSquares(x[:n])))
	}
	return float32(math.Sqrt(k.SumSquaresInc(n, x, incX)))
}
