package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// grads returns parameters whose gradients hold the given values.
func grads(values ...[]float32) []*Param {
	var ps []*Param
	for _, v := range values {
		p := newParam("p", len(v))
		copy(p.Grad.Data, v)
		ps = append(ps, p)
	}
	return ps
}

func TestClipGradNorm(t *testing.T) {
	// The gradients (3, 4) and (12) have the norm 13.
	ps := grads([]float32{3, 4}, []float32{12})
	require.Equal(t, float32(13), ClipGradNorm(ps, 20))
	require.Equal(t, []float32{3, 4}, ps[0].Grad.Data, "below maxNorm: unchanged")
	require.Equal(t, []float32{12}, ps[1].Grad.Data)

	require.Equal(t, float32(13), ClipGradNorm(ps, 6.5))
	c := 6.5 / (13 + 1e-6)
	require.InDeltaSlice(t, []float64{3 * c, 4 * c}, f64(ps[0].Grad.Data), 1e-6)
	require.InDelta(t, 12*c, float64(ps[1].Grad.Data[0]), 1e-6)
	require.InDelta(t, 6.5, float64(ClipGradNorm(ps, 100)), 1e-5, "the norm after clipping")

	// Squares beyond float32's range and below it.
	ps = grads([]float32{3e30}, []float32{4e30}, []float32{})
	require.Equal(t, float32(5e30), ClipGradNorm(ps, 1))
	require.InDeltaSlice(t, []float64{0.6, 0.8}, []float64{float64(ps[0].Grad.Data[0]), float64(ps[1].Grad.Data[0])}, 1e-6)
	ps = grads([]float32{3e-30, 4e-30})
	require.InDelta(t, 5e-30, float64(ClipGradNorm(ps, 1)), 1e-36)
	require.Equal(t, []float32{3e-30, 4e-30}, ps[0].Grad.Data)

	// A NaN makes every gradient NaN, as in PyTorch.
	ps = grads([]float32{1, float32(math.NaN())}, []float32{2})
	require.True(t, math.IsNaN(float64(ClipGradNorm(ps, 1))))
	require.True(t, math.IsNaN(float64(ps[1].Grad.Data[0])))

	require.Zero(t, ClipGradNorm(nil, 1))
	require.PanicsWithValue(t, "nn: ClipGradNorm got maxNorm -1, want >= 0", func() { ClipGradNorm(ps, -1) })
	require.PanicsWithValue(t, "nn: ClipGradNorm got a nil parameter or gradient at 1", func() { ClipGradNorm([]*Param{ps[0], nil}, 1) })
	require.Zero(t, testing.AllocsPerRun(10, func() { ClipGradNorm(ps, 1) }))
}
