package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/kernels"
)

// TestAvgPool checks AvgPool and AvgPoolBackward, with and without the
// padding counted, against the reference on edge and random shapes, both
// types, within T's rounding of sums of at most R*S terms below 1.
func TestAvgPool(t *testing.T) {
	bothTypes(t, avgPoolCases[float32], avgPoolCases[float64])
}

func avgPoolCases[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, p := range poolCases(r, false, 200) {
		tol := 4 * poolEps[T]() * float64(p.R*p.S)
		for _, countPad := range []bool{false, true} {
			where := fmt.Sprintf("%+v countPad=%v", p, countPad)
			xv, dyv := uniform(r, p.InputLen()), uniform(r, p.OutputLen())
			y := filled[T](p.OutputLen(), 7)
			AvgPool(p, countPad, toT[T](xv), y)
			requireNear(t, refAvgPool(p, countPad, xv), y, tol, where+" y")
			dx := filled[T](p.InputLen(), 7)
			AvgPoolBackward(p, countPad, toT[T](dyv), dx)
			requireNear(t, refAvgPoolBackward(p, countPad, dyv), dx, tol, where+" dx")
		}
	}
}

// TestAvgPoolGradient checks AvgPoolBackward against central differences
// of sum(dy * AvgPool(x)).
func TestAvgPoolGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, p := range poolCases(r, false, 30) {
		if p.InputLen() > 400 {
			continue
		}
		for _, countPad := range []bool{false, true} {
			x, dy := uniform(r, p.InputLen()), uniform(r, p.OutputLen())
			y, dx := make([]float64, p.OutputLen()), make([]float64, p.InputLen())
			AvgPoolBackward(p, countPad, dy, dx)
			loss := func() float64 {
				AvgPool(p, countPad, x, y)
				var s float64
				for i := range y {
					s += dy[i] * y[i]
				}
				return s
			}
			const h = 1e-3
			for i := range x {
				v := x[i]
				x[i] = v + h
				up := loss()
				x[i] = v - h
				down := loss()
				x[i] = v
				require.InDelta(t, (up-down)/(2*h), dx[i], 1e-9, "%+v countPad=%v: dx[%d]", p, countPad, i)
			}
		}
	}
}

// TestAvgPoolNaN checks that a NaN makes NaN every average whose window
// reads it, and only those.
func TestAvgPoolNaN(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, p := range poolCases(r, false, 50) {
		xv := uniform(r, p.InputLen())
		xv[r.IntN(len(xv))] = math.NaN()
		y := make([]float32, p.OutputLen())
		AvgPool(p, true, toT[float32](xv), y)
		want := refAvgPool(p, true, xv)
		for i := range want {
			require.Equal(t, math.IsNaN(want[i]), math.IsNaN(float64(y[i])), "%+v: y[%d] = %v, want %v", p, i, y[i], want[i])
		}
	}
}

// TestGlobalAvgPool checks GlobalAvgPool and its backward against the
// reference, both types, including planes longer than a vector.
func TestGlobalAvgPool(t *testing.T) {
	bothTypes(t, globalAvgPoolCases[float32], globalAvgPoolCases[float64])
}

func globalAvgPoolCases[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	for _, s := range [][4]int{{1, 1, 1, 1}, {2, 3, 1, 5}, {1, 4, 7, 7}, {3, 2, 9, 13}, {2, 2, 32, 33}} {
		n, c, h, w := s[0], s[1], s[2], s[3]
		where := fmt.Sprintf("%dx%dx%dx%d", n, c, h, w)
		xv, dyv := uniform(r, n*c*h*w), uniform(r, n*c)
		y := filled[T](n*c, 7)
		GlobalAvgPool(n, c, h, w, toT[T](xv), y)
		requireNear(t, refGlobalAvgPool(n*c, h*w, xv), y, 4*poolEps[T](), where+" y")
		dx := filled[T](n*c*h*w, 7)
		GlobalAvgPoolBackward(n, c, h, w, toT[T](dyv), dx)
		want := make([]float64, len(dx))
		for i := range want {
			want[i] = dyv[i/(h*w)] / float64(h*w)
		}
		requireNear(t, want, dx, 2*poolEps[T](), where+" dx")
		// Against AvgPool with the whole plane as window.
		ya := make([]T, n*c)
		AvgPool(Pool{N: n, C: c, H: h, W: w, Window: Window{R: h, S: w}}, true, toT[T](xv), ya)
		requireNear(t, refGlobalAvgPool(n*c, h*w, xv), ya, 4*poolEps[T]()*float64(h*w), where+" AvgPool")
	}
}
