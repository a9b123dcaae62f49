package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEmbedding(t *testing.T) {
	e := NewEmbedding(5, 3, NewRand(46))
	x := FromData([]float32{4, 0, 4}, 1, 3)
	y := e.Forward(x)
	require.Equal(t, []int{1, 3, 3}, y.Shape)
	require.Equal(t, e.W.Value.Data[12:15], y.Data[0:3])
	require.Equal(t, e.W.Value.Data[0:3], y.Data[3:6])
	dy := FromData([]float32{1, 2, 3, 10, 20, 30, 100, 200, 300}, 1, 3, 3)
	dx := e.Backward(dy)
	require.Equal(t, []float32{0, 0, 0}, dx.Data)
	require.Equal(t, []float32{10, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101, 202, 303}, e.W.Grad.Data, "index 4's rows summed")
	require.PanicsWithValue(t, "nn: Embedding(5, 3) got index 1.5 at 1 of input [2], want an integer in [0, 5)",
		func() { e.Forward(FromData([]float32{1, 1.5}, 2)) })
	require.PanicsWithValue(t, "nn: Embedding(5, 3) got index 5 at 0 of input [1], want an integer in [0, 5)",
		func() { e.Forward(FromData([]float32{5}, 1)) })
	require.Zero(t, testing.AllocsPerRun(5, func() { e.Backward(e.Forward(x)) }))
}
