package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBatchNormGradients(t *testing.T) {
	for _, c := range []struct {
		bn    *BatchNorm
		shape []int
	}{
		{NewBatchNorm1d(3), []int{5, 3}},
		{NewBatchNorm1d(3), []int{4, 3, 2}},
		{NewBatchNorm2d(2), []int{3, 2, 2, 3}},
	} {
		bn, x := c.bn, fill(NewTensor(c.shape...), 27)
		fill(bn.Weight.Value, 28)
		fill(bn.Bias.Value, 29)
		gradCheck(t, bn, x, 1e-2, 5e-3)

		// In training mode each channel comes out with mean β and
		// standard deviation |γ|, up to eps.
		y := bn.Forward(x)
		n, l := bn.geometry(x)
		for ch := range bn.C {
			mean, sq := channelMoments(y.Data, n, bn.C, l, ch)
			gamma := float64(bn.Weight.Value.Data[ch])
			require.InDelta(t, bn.Bias.Value.Data[ch], mean, 1e-6)
			require.InDelta(t, gamma*gamma, sq/float64(n*l), 1e-3*gamma*gamma)
		}

		SetTraining(bn, false)
		gradCheck(t, bn, x, 1e-2, 5e-3)
	}
}

// TestBatchNormStatistics follows PyTorch's BatchNorm1d(2) by hand through
// a training step and an evaluation.
func TestBatchNormStatistics(t *testing.T) {
	bn := NewBatchNorm1d(2)
	require.Equal(t, []string{"weight", "bias"}, paramNames(bn.Params()))
	require.Equal(t, []string{"running_mean", "running_var", "num_batches_tracked"}, paramNames(bn.Buffers()))
	require.Empty(t, bn.NumBatchesTracked.Value.Shape, "a scalar")
	require.Equal(t, []float32{1, 1}, bn.Weight.Value.Data)
	require.Equal(t, []float32{0, 0}, bn.Bias.Value.Data)
	require.Equal(t, []float32{0, 0}, bn.RunningMean.Value.Data)
	require.Equal(t, []float32{1, 1}, bn.RunningVar.Value.Data)
	require.Equal(t, []float32{0}, bn.NumBatchesTracked.Value.Data)

	// Channel 0 holds 1 2 3 4: mean 2.5, variance 1.25 (biased), 5/3
	// (unbiased); channel 1 holds 0 0 0 8: mean 2, variance 12, 16.
	x := FromData([]float32{1, 0, 2, 0, 3, 0, 4, 8}, 4, 2)
	y := bn.Forward(x)
	s0, s1 := math.Sqrt(1.25+1e-5), math.Sqrt(12+1e-5)
	require.InDeltaSlice(t, []float64{-1.5 / s0, -2 / s1, -0.5 / s0, -2 / s1, 0.5 / s0, -2 / s1, 1.5 / s0, 6 / s1}, widen32(y.Data), 1e-6)
	rm, rv := []float64{0.25, 0.2}, []float64{0.9 + 0.1*5/3., 0.9 + 0.1*16}
	require.InDeltaSlice(t, rm, widen32(bn.RunningMean.Value.Data), 1e-7)
	require.InDeltaSlice(t, rv, widen32(bn.RunningVar.Value.Data), 1e-6)
	require.Equal(t, []float32{1}, bn.NumBatchesTracked.Value.Data)

	// Evaluation uses the running statistics and leaves them alone.
	copy(bn.Weight.Value.Data, []float32{2, -1})
	copy(bn.Bias.Value.Data, []float32{0.5, 1})
	SetTraining(bn, false)
	y = bn.Forward(x)
	for i, v := range x.Data {
		c := i % 2
		want := (float64(v)-rm[c])/math.Sqrt(rv[c]+1e-5)*float64(bn.Weight.Value.Data[c]) + float64(bn.Bias.Value.Data[c])
		require.InDelta(t, want, y.Data[i], 1e-5, "element %d", i)
	}
	require.InDeltaSlice(t, rm, widen32(bn.RunningMean.Value.Data), 1e-7)
	require.Equal(t, []float32{1}, bn.NumBatchesTracked.Value.Data)
	// Its gradient is the affine map's: γ/sqrt(var + eps).
	dx := bn.Backward(FromData([]float32{1, 1, 1, 1, 1, 1, 1, 1}, 4, 2))
	require.InDelta(t, 2/math.Sqrt(rv[0]+1e-5), dx.Data[0], 1e-6)
	require.InDelta(t, -1/math.Sqrt(rv[1]+1e-5), dx.Data[1], 1e-6)
}

func paramNames(ps []*Param) []string {
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return names
}

func TestBatchNormErrors(t *testing.T) {
	require.PanicsWithValue(t, "nn: BatchNorm2d(2) got input [3 2 4], want [N 2 H W]", func() { NewBatchNorm2d(2).Forward(NewTensor(3, 2, 4)) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2) got input [3 3], want [N 2] or [N 2 L]", func() { NewBatchNorm1d(2).Forward(NewTensor(3, 3)) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2) got input [3 2 2 2], want [N 2] or [N 2 L]", func() { NewBatchNorm1d(2).Forward(NewTensor(3, 2, 2, 2)) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2) in training mode got input [1 2]: want more than one value per channel",
		func() { NewBatchNorm1d(2).Forward(NewTensor(1, 2)) })
	eval := NewBatchNorm1d(2)
	SetTraining(eval, false)
	require.Equal(t, []float32{0, 0}, eval.Forward(NewTensor(1, 2)).Data, "evaluation takes a single sample")
	require.PanicsWithValue(t, "nn: BatchNorm2d(0): the channels must be positive", func() { NewBatchNorm2d(0) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2): Backward before Forward", func() { NewBatchNorm1d(2).Backward(NewTensor(3, 2)) })
	bn := NewBatchNorm2d(2)
	bn.Forward(fill(NewTensor(2, 2, 3, 3), 56))
	require.PanicsWithValue(t, "nn: BatchNorm2d(2) got gradient [2 2 3 2], want [2 2 3 3]", func() { bn.Backward(NewTensor(2, 2, 3, 2)) })
}

func TestBatchNormAllocatesNothing(t *testing.T) {
	for _, bn := range []*BatchNorm{NewBatchNorm1d(3), NewBatchNorm2d(3)} {
		shape := []int{4, 3, 5}
		if bn.dims == 4 {
			shape = append(shape, 2)
		}
		x, dy := fill(NewTensor(shape...), 57), fill(NewTensor(shape...), 58)
		for _, training := range []bool{true, false} {
			SetTraining(bn, training)
			requireNoStepAllocs(t, bn, x, dy)
		}
	}
}
