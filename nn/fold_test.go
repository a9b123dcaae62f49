package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBatchNormFolds checks that in evaluation mode a BatchNorm2d after a
// Conv2d is folded into it, and that the folded pair computes what the
// two layers do apart, forward and backward, up to rounding.
func TestBatchNormFolds(t *testing.T) {
	rng := NewRand(50)
	c1, b1 := NewConv2d(3, 4, 3, 1, 1, rng), NewBatchNorm2d(4)
	c2, b2 := NewConv2d(3, 4, 3, 1, 1, rng), NewBatchNorm2d(4)
	for _, p := range [][2]*Param{{c1.W, c2.W}, {c1.B, c2.B}, {b1.Weight, b2.Weight}, {b1.Bias, b2.Bias},
		{b1.RunningMean, b2.RunningMean}, {b1.RunningVar, b2.RunningVar}} {
		fill(p[0].Value, uint64(len(p[0].Value.Data)))
		copy(p[1].Value.Data, p[0].Value.Data)
	}
	for i := range b1.RunningVar.Value.Data {
		b1.RunningVar.Value.Data[i] += 1.5 // positive
		b2.RunningVar.Value.Data[i] += 1.5
	}
	folded := NewSequential(c1, b1)
	require.Same(t, b1, c1.bn)
	SetTraining(folded, false)
	SetTraining(b2, false)
	x := fill(NewTensor(2, 3, 5, 5), 51)
	y := folded.Forward(x)
	require.NotNil(t, b1.foldedIn, "the batch norm passed its folded input through")
	want := b2.Forward(c2.Forward(x))
	require.InDeltaSlice(t, widen32(want.Data), widen32(y.Data), 1e-5)
	for i, p := range []*Param{c1.W, c1.B, b1.Weight, b1.Bias, b1.RunningMean, b1.RunningVar} {
		q := []*Param{c2.W, c2.B, b2.Weight, b2.Bias, b2.RunningMean, b2.RunningVar}[i]
		require.Equal(t, q.Value.Data, p.Value.Data, "folding leaves %s alone", p.Name)
	}

	dy := fill(NewTensor(want.Shape...), 52)
	dx := folded.Backward(dy)
	wantDx := c2.Backward(b2.Backward(dy))
	require.InDeltaSlice(t, widen32(wantDx.Data), widen32(dx.Data), 1e-5)
	for i, p := range folded.Params() {
		q := []*Param{c2.W, c2.B, b2.Weight, b2.Bias}[i]
		require.InDeltaSlice(t, widen32(q.Grad.Data), widen32(p.Grad.Data), 1e-4, "gradient of %s", p.Name)
	}
	gradCheck(t, folded, x, 1e-2, 5e-3)

	// A change to the statistics (a load) shows at the next Forward; a
	// zero γ leaves the pair unfolded, with the same result.
	for _, p := range []*Param{b1.RunningMean, b2.RunningMean} {
		p.Value.Data[1] += 0.5
	}
	require.InDeltaSlice(t, widen32(b2.Forward(c2.Forward(x)).Data), widen32(folded.Forward(x).Data), 1e-5)
	b1.Weight.Value.Data[2], b2.Weight.Value.Data[2] = 0, 0
	y = folded.Forward(x)
	require.Nil(t, b1.foldedIn, "a zero γ does not fold")
	require.InDeltaSlice(t, widen32(b2.Forward(c2.Forward(x)).Data), widen32(y.Data), 1e-5)

	SetTraining(folded, true)
	folded.Forward(x)
	require.Nil(t, b1.foldedIn, "training mode does not fold")
}

// TestFoldStaysWithItsOutput checks that only the output of the
// convolution that folded the batch norm in passes through it: a folded
// Forward of the convolution alone leaves the batch norm normalising in
// training mode, and normalising any other input in evaluation mode.
func TestFoldStaysWithItsOutput(t *testing.T) {
	rng := NewRand(53)
	c, bn := NewConv2d(2, 3, 3, 1, 1, rng), NewBatchNorm2d(3)
	s := NewSequential(c, bn)
	x := fill(NewTensor(2, 2, 4, 4), 54)
	SetTraining(s, false)
	c.Forward(x)
	SetTraining(s, true)
	y := s.Forward(x)
	var sum float64
	eachPlane(y.Data, 2, 3, 16, 0, func(p []float32) {
		for _, v := range p {
			sum += float64(v)
		}
	})
	require.InDelta(t, 0, sum/32, 1e-6, "channel 0 is normalised to mean β = 0")

	SetTraining(s, false)
	c.Forward(x)
	other := fill(NewTensor(2, 3, 4, 4), 55)
	require.NotSame(t, other, bn.Forward(other), "an input the convolution did not give is normalised")
}
