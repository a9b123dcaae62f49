package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The float32 routines, which gonum's suite does not cover, against gonum's
// float64 routines on the same values: every float32 is exact in float64,
// so the reference errs far less than the bounds below allow.

var ref gonum.Implementation

const eps32 = 0x1p-24

var incs = []int{1, 2, 3, 7, -1, -2, -5}

// vec32 returns m random float32 in [-1, 1) and the same values as float64.
func vec32(r *rand.Rand, m int) ([]float32, []float64) {
	s, d := make([]float32, m), make([]float64, m)
	for i := range s {
		s[i] = float32(2*r.Float64() - 1)
		d[i] = float64(s[i])
	}
	return s, d
}

func spanOf(n, inc int) int {
	if n == 0 {
		return 0
	}
	if inc < 0 {
		inc = -inc
	}
	return 1 + (n-1)*inc
}

// shapes calls f for random lengths and every pair of increments.
func shapes(t *testing.T, f func(t *testing.T, r *rand.Rand, n, incX, incY int)) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 64, 100, 257, 1000, 4097} {
		for _, incX := range incs {
			for _, incY := range incs {
				t.Run(fmt.Sprintf("n=%d/incX=%d/incY=%d", n, incX, incY), func(t *testing.T) { f(t, r, n, incX, incY) })
			}
		}
	}
}

// within fails t unless got is within tol of want.
func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Fatalf("%s = %v, want %v (tol %g)", what, got, want, tol)
	}
}

func slicesWithin(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	for i := range got {
		within(t, fmt.Sprintf("%s[%d]", what, i), float64(got[i]), want[i], tol)
	}
}

func TestFloat32Level1(t *testing.T) {
	shapes(t, func(t *testing.T, r *rand.Rand, n, incX, incY int) {
		xs, xd := vec32(r, spanOf(n, incX))
		ys, yd := vec32(r, spanOf(n, incY))
		alpha := float32(2*r.Float64() - 1)
		a := float64(alpha)
		nf := float64(n + 2)
		mag := ref.Dasum(len(xd), xd, 1) + ref.Dasum(len(yd), yd, 1) // bounds every sum below

		within(t, "Sdot", float64(impl.Sdot(n, xs, incX, ys, incY)), ref.Ddot(n, xd, incX, yd, incY), 2*nf*eps32*mag)
		within(t, "Dsdot", impl.Dsdot(n, xs, incX, ys, incY), ref.Ddot(n, xd, incX, yd, incY), 2*nf*0x1p-53*mag)
		within(t, "Sdsdot", float64(impl.Sdsdot(n, alpha, xs, incX, ys, incY)), a+ref.Ddot(n, xd, incX, yd, incY), 2*eps32*(mag+1))

		// Element-wise results: one rounding each, or two with FMA.
		s, d := clone32(ys), clone64(yd)
		impl.Saxpy(n, alpha, xs, incX, s, incY)
		ref.Daxpy(n, a, xd, incX, d, incY)
		slicesWithin(t, "Saxpy y", s, d, 2*eps32*2)

		s, d = clone32(xs), clone64(xd)
		impl.Sscal(n, alpha, s, incX)
		ref.Dscal(n, a, d, incX)
		slicesWithin(t, "Sscal x", s, d, eps32)

		s, d = clone32(ys), clone64(yd)
		impl.Scopy(n, xs, incX, s, incY)
		ref.Dcopy(n, xd, incX, d, incY)
		slicesWithin(t, "Scopy y", s, d, 0)

		s, d = clone32(xs), clone64(xd)
		s2, d2 := clone32(ys), clone64(yd)
		impl.Sswap(n, s, incX, s2, incY)
		ref.Dswap(n, d, incX, d2, incY)
		slicesWithin(t, "Sswap x", s, d, 0)
		slicesWithin(t, "Sswap y", s2, d2, 0)

		c, sn := float32(math.Cos(float64(alpha))), float32(math.Sin(float64(alpha)))
		s, d = clone32(xs), clone64(xd)
		s2, d2 = clone32(ys), clone64(yd)
		impl.Srot(n, s, incX, s2, incY, c, sn)
		ref.Drot(n, d, incX, d2, incY, float64(c), float64(sn))
		slicesWithin(t, "Srot x", s, d, 4*eps32)
		slicesWithin(t, "Srot y", s2, d2, 4*eps32)

		for _, flag := range []gblas.Flag{gblas.Identity, gblas.Rescaling, gblas.OffDiagonal, gblas.Diagonal} {
			h := [4]float32{alpha, 0.5, -0.25, 2 * alpha}
			s, d = clone32(xs), clone64(xd)
			s2, d2 = clone32(ys), clone64(yd)
			impl.Srotm(n, s, incX, s2, incY, gblas.SrotmParams{Flag: flag, H: h})
			ref.Drotm(n, d, incX, d2, incY, gblas.DrotmParams{Flag: flag, H: [4]float64{float64(h[0]), float64(h[1]), float64(h[2]), float64(h[3])}})
			slicesWithin(t, fmt.Sprintf("Srotm(%v) x", flag), s, d, 8*eps32)
			slicesWithin(t, fmt.Sprintf("Srotm(%v) y", flag), s2, d2, 8*eps32)
		}

		within(t, "Sasum", float64(impl.Sasum(n, xs, incX)), ref.Dasum(n, xd, incX), 2*nf*eps32*mag)
		nrm := ref.Dnrm2(n, xd, incX)
		within(t, "Snrm2", float64(impl.Snrm2(n, xs, incX)), nrm, 2*eps32*nrm)
		if got, want := impl.Isamax(n, xs, incX), ref.Idamax(n, xd, incX); got != want {
			t.Fatalf("Isamax = %d, want %d", got, want)
		}
	})
}

func clone32(s []float32) []float32 { return append([]float32(nil), s...) }
func clone64(s []float64) []float64 { return append([]float64(nil), s...) }
