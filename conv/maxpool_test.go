package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
)

// TestMaxPool checks MaxPool, with and without argmax, and MaxPoolBackward
// against the reference on edge and random shapes, both types. The inputs
// are distinct, so the maximum is unique, and exact in float32; the
// gradients are multiples of 1/8, whose sums are exact: every result must
// be exact.
func TestMaxPool(t *testing.T) {
	bothTypes(t, maxPoolCases[float32], maxPoolCases[float64])
}

func maxPoolCases[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, p := range poolCases(r, true, 200) {
		where := fmt.Sprintf("%+v", p)
		xv, dyv := distinct(r, p.InputLen()), dyadic(r, p.OutputLen())
		wantY, wantArg, _ := refMaxPool(p, xv)

		x := toT[T](xv)
		y, y2 := filled[T](p.OutputLen(), 7), filled[T](p.OutputLen(), 7)
		argmax := make([]int32, p.OutputLen())
		MaxPool(p, x, y, argmax)
		MaxPool(p, x, y2, nil)
		requireSame(t, wantY, y, where+" y")
		requireSame(t, wantY, y2, where+" y without argmax")
		require.Equal(t, wantArg, argmax, where+" argmax")

		dx := filled[T](p.InputLen(), 7)
		MaxPoolBackward(p, toT[T](dyv), argmax, dx)
		requireSame(t, refMaxPoolBackward(p, dyv, wantArg), dx, where+" dx")
	}
}

// TestMaxPoolTies checks that argmax names the first of the window's
// largest elements where several are equal, as the reference does, on
// inputs of three values, over the general loop and the 2×2 one.
func TestMaxPoolTies(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, p := range []Pool{
		{N: 2, C: 3, H: 8, W: 10, Window: Square(2, 2, 0)},
		{N: 1, C: 2, H: 7, W: 9, Window: Square(3, 2, 1)},
	} {
		xv := make([]float64, p.InputLen())
		for i := range xv {
			xv[i] = float64(r.IntN(3))
		}
		_, wantArg, _ := refMaxPool(p, xv)
		argmax := make([]int32, p.OutputLen())
		MaxPool(p, toT[float32](xv), make([]float32, p.OutputLen()), argmax)
		require.Equal(t, wantArg, argmax, "%+v", p)
	}
}

// TestMaxPoolGradient checks MaxPoolBackward against central differences
// of sum(dy * MaxPool(x)), which is linear in x near distinct values.
func TestMaxPoolGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, p := range poolCases(r, true, 30) {
		if p.InputLen() > 400 {
			continue
		}
		x, dy := distinct(r, p.InputLen()), uniform(r, p.OutputLen())
		y, argmax := make([]float64, p.OutputLen()), make([]int32, p.OutputLen())
		MaxPool(p, x, y, argmax)
		dx := make([]float64, p.InputLen())
		MaxPoolBackward(p, dy, argmax, dx)
		loss := func() float64 {
			MaxPool(p, x, y, nil)
			var s float64
			for i := range y {
				s += dy[i] * y[i]
			}
			return s
		}
		const h = 1e-3 // the values are 1/8 apart
		for i := range x {
			v := x[i]
			x[i] = v + h
			up := loss()
			x[i] = v - h
			down := loss()
			x[i] = v
			require.InDelta(t, (up-down)/(2*h), dx[i], 1e-9, "%+v: dx[%d]", p, i)
		}
	}
}

// TestMaxPoolNaN checks that NaN propagates as in PyTorch: a window that
// reads a NaN gives NaN and argmax names its last NaN; a window of -Inf
// gives -Inf and argmax names its first tap.
func TestMaxPoolNaN(t *testing.T) {
	bothTypes(t, maxPoolNaN[float32], maxPoolNaN[float64])
}

func maxPoolNaN[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, p := range poolCases(r, true, 100) {
		for _, fill := range []float64{math.NaN(), math.Inf(-1)} {
			where := fmt.Sprintf("%+v with %v", p, fill)
			xv := distinct(r, p.InputLen())
			for i := range xv {
				if r.IntN(5) == 0 {
					xv[i] = fill
				}
			}
			if fill < 0 && r.IntN(2) == 0 { // every window -Inf
				for i := range xv {
					xv[i] = fill
				}
			}
			wantY, wantArg, _ := refMaxPool(p, xv)
			y, argmax := make([]T, p.OutputLen()), make([]int32, p.OutputLen())
			MaxPool(p, toT[T](xv), y, argmax)
			requireSame(t, wantY, y, where+" y")
			require.Equal(t, wantArg, argmax, where+" argmax")
		}
	}
}

// TestMaxPoolReLUBackward checks MaxPoolReLUBackward bit for bit against
// ReluGrad of the pooled output followed by MaxPoolBackward, with the
// gate's edges in y (zeros of both signs, NaN, the smallest positive) and
// zeros of both signs in dy, over windows that overlap and that do not,
// on planes of more outputs than one gated block.
func TestMaxPoolReLUBackward(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	v := &dispatch.F32().Vec
	for _, p := range []Pool{
		{N: 2, C: 3, H: 40, W: 36, Window: Square(3, 2, 1)},
		{N: 3, C: 2, H: 46, W: 46, Window: Square(2, 2, 0)},
	} {
		x := make([]float32, p.InputLen())
		for i := range x {
			x[i] = float32(r.NormFloat64())
		}
		y, argmax := make([]float32, p.OutputLen()), make([]int32, p.OutputLen())
		MaxPool(p, x, y, argmax)
		edges := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), math.SmallestNonzeroFloat32, -1}
		dy := make([]float32, len(y))
		for o := range y {
			if o%7 == 0 {
				y[o] = edges[o/7%len(edges)]
			}
			dy[o] = float32(r.NormFloat64())
			if o%11 == 0 {
				dy[o] = float32(math.Copysign(0, float64(o%22-11)))
			}
		}
		gated := make([]float32, len(y))
		v.ReluGrad(y, dy, gated)
		want, got := make([]float32, p.InputLen()), make([]float32, p.InputLen())
		MaxPoolBackward(p, gated, argmax, want)
		MaxPoolReLUBackward(p, dy, y, argmax, got)
		for i := range want {
			require.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "%+v: dx[%d] = %v, want %v", p, i, got[i], want[i])
		}
	}
}
