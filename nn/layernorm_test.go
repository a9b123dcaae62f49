package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLayerNormGradient(t *testing.T) {
	l := NewLayerNorm(2, 4)
	fill(l.Weight.Value, 40)
	fill(l.Bias.Value, 41)
	gradCheck(t, l, fill(NewTensor(3, 2, 4), 42), 1e-2, 5e-3)
	gradCheck(t, l, fill(NewTensor(2, 4), 43), 1e-2, 5e-3) // no batch axis
}

// TestLayerNormValues follows PyTorch's LayerNorm(4) by hand.
func TestLayerNormValues(t *testing.T) {
	l := NewLayerNorm(4)
	require.Equal(t, []string{"weight", "bias"}, paramNames(l.Params()))
	require.Equal(t, []float32{1, 1, 1, 1}, l.Weight.Value.Data)
	require.Equal(t, []float32{0, 0, 0, 0}, l.Bias.Value.Data)
	copy(l.Weight.Value.Data, []float32{1, 2, 3, -1})
	copy(l.Bias.Value.Data, []float32{0, 0, 1, 0.5})
	// Each row over its last axis: 1 2 3 4 has mean 2.5 and variance 1.25,
	// 10 10 10 30 mean 15 and variance 75.
	y := l.Forward(FromData([]float32{1, 2, 3, 4, 10, 10, 10, 30}, 2, 1, 4))
	require.Equal(t, []int{2, 1, 4}, y.Shape)
	s, u := math.Sqrt(1.25+1e-5), math.Sqrt(75+1e-5)
	require.InDeltaSlice(t, []float64{-1.5 / s, 2 * -0.5 / s, 3*0.5/s + 1, -1.5/s + 0.5,
		-5 / u, 2 * -5 / u, 3*-5/u + 1, -15/u + 0.5}, widen32(y.Data), 1e-6)
}

func TestLayerNormErrors(t *testing.T) {
	l := NewLayerNorm(2, 4)
	require.PanicsWithValue(t, "nn: LayerNorm([2 4]) got input [3 4 2], want [... 2 4]", func() { l.Forward(NewTensor(3, 4, 2)) })
	require.PanicsWithValue(t, "nn: LayerNorm([2 4]) got input [4], want [... 2 4]", func() { l.Forward(NewTensor(4)) })
	require.PanicsWithValue(t, "nn: LayerNorm([2 4]): Backward before Forward", func() { l.Backward(NewTensor(3, 2, 4)) })
	l.Forward(NewTensor(3, 2, 4))
	require.PanicsWithValue(t, "nn: LayerNorm([2 4]) got gradient [3 8], want [3 2 4]", func() { l.Backward(NewTensor(3, 8)) })
	for _, shape := range [][]int{{}, {0}, {-2, -2}} {
		require.PanicsWithValue(t, fmt.Sprintf("nn: LayerNorm(%v): the normalized shape must have positive sizes", shape),
			func() { NewLayerNorm(shape...) })
	}
}

func TestLayerNormAllocatesNothing(t *testing.T) {
	requireNoStepAllocs(t, NewLayerNorm(3, 5), fill(NewTensor(4, 3, 5), 44), fill(NewTensor(4, 3, 5), 45))
}
