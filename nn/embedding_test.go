package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEmbedding(t *testing.T) {
	e := NewEmbedding(5, 3, NewRand(46))
	require.Equal(t, []string{"weight"}, paramNames(e.Params()))
	x := FromData([]float32{4, 0, 4}, 1, 3)
	y := e.Forward(x)
	require.Equal(t, []int{1, 3, 3}, y.Shape)
	require.Equal(t, e.W.Value.Data[12:15], y.Data[0:3])
	require.Equal(t, e.W.Value.Data[0:3], y.Data[3:6])
	dy := FromData([]float32{1, 2, 3, 10, 20, 30, 100, 200, 300}, 1, 3, 3)
	dx := e.Backward(dy)
	require.Equal(t, []float32{0, 0, 0}, dx.Data)
	require.Equal(t, []float32{10, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101, 202, 303}, e.W.Grad.Data, "index 4's rows summed")
	requireNoStepAllocs(t, e, x, dy)
}

func TestEmbeddingGradient(t *testing.T) {
	rng := NewRand(58)
	e := NewEmbedding(6, 4, rng)
	x := FromData([]float32{5, 1, 1, 0, 3, 5}, 2, 3)
	gradCheckParams(t, e, x, 1e-2, 1e-3)
	// Its zero input gradient lets a Sequential run back through it.
	s := NewSequential(e, NewFlatten(), NewLinear(12, 2, rng))
	gradCheckParams(t, s, x, 1e-2, 2e-3)
	require.Equal(t, make([]float32, 6), s.Backward(fill(NewTensor(2, 2), 59)).Data)
}

// TestEmbeddingInit checks that the weight is N(0, 1), drawn from the
// generator alone.
func TestEmbeddingInit(t *testing.T) {
	w := NewEmbedding(1000, 10, NewRand(60)).W.Value.Data
	var sum, sq float64
	for _, v := range w {
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	mean := sum / float64(len(w))
	require.InDelta(t, 0, mean, 0.04, "the mean, within 4 standard errors")
	require.InDelta(t, 1, sq/float64(len(w))-mean*mean, 0.06, "the variance, within 4 standard errors")
	require.Equal(t, w, NewEmbedding(1000, 10, NewRand(60)).W.Value.Data)
}

func TestEmbeddingErrors(t *testing.T) {
	e := NewEmbedding(5, 3, NewRand(46))
	for _, c := range []struct {
		index float32
		text  string
	}{{1.5, "1.5"}, {5, "5"}, {-1, "-1"}, {float32(math.NaN()), "NaN"}, {float32(math.Inf(1)), "+Inf"}, {1 << 30, "1.0737418e+09"}} {
		require.PanicsWithValue(t, "nn: Embedding(5, 3) got index "+c.text+" at 1 of input [1 2], want an integer in [0, 5)",
			func() { e.Forward(FromData([]float32{1, c.index}, 1, 2)) })
	}
	require.PanicsWithValue(t, "nn: Embedding(0, 3): sizes must be positive, the indices at most 2^24", func() { NewEmbedding(0, 3, NewRand(1)) })
	require.PanicsWithValue(t, "nn: Embedding(5, 3): Backward before Forward", func() { NewEmbedding(5, 3, NewRand(1)).Backward(NewTensor(1, 3)) })
	e.Forward(FromData([]float32{1, 2}, 2))
	require.PanicsWithValue(t, "nn: Embedding(5, 3) got gradient [2 4], want [2 3]", func() { e.Backward(NewTensor(2, 4)) })
}
