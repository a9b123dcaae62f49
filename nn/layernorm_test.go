package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLayerNorm(t *testing.T) {
	l := NewLayerNorm(2, 4)
	fill(l.Weight.Value, 40)
	fill(l.Bias.Value, 41)
	gradCheck(t, l, fill(NewTensor(3, 2, 4), 42), 1e-2, 5e-3)
	y := NewLayerNorm(4).Forward(FromData([]float32{1, 2, 3, 4}, 1, 4))
	s := math.Sqrt(1.25 + 1e-5)
	require.InDeltaSlice(t, []float64{-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, widen32(y.Data), 1e-6)
	require.PanicsWithValue(t, "nn: LayerNorm([2 4]) got input [3 4 2], want [... [2 4]]", func() { l.Forward(NewTensor(3, 4, 2)) })
}
