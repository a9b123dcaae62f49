package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestActivationGradients(t *testing.T) {
	for _, l := range []Layer{NewLeakyReLU(0.1), NewSigmoid(), NewTanh(), NewGELU(), NewSoftmax()} {
		t.Run(l.String(), func(t *testing.T) {
			gradCheck(t, l, fill(NewTensor(3, 5), 21), 1e-2, 2e-3)
		})
	}
}

func TestActivationValues(t *testing.T) {
	x := FromData([]float32{-2, 0, 3}, 1, 3)
	require.Equal(t, []float32{-0.2, 0, 3}, NewLeakyReLU(0.1).Forward(x).Data)
	require.InDeltaSlice(t, []float64{1 / (1 + math.Exp(2)), 0.5, 1 / (1 + math.Exp(-3))}, widen32(NewSigmoid().Forward(x).Data), 1e-7)
	require.InDeltaSlice(t, []float64{math.Tanh(-2), 0, math.Tanh(3)}, widen32(NewTanh().Forward(x).Data), 1e-7)
	// GELU(x) = x Φ(x): Φ(-2) = 0.02275013, Φ(3) = 0.99865010.
	require.InDeltaSlice(t, []float64{-2 * 0.02275013, 0, 3 * 0.99865010}, widen32(NewGELU().Forward(x).Data), 1e-6)
	p := NewSoftmax().Forward(FromData([]float32{1000, 1001, 999, 0, 0, 0}, 2, 3)).Data
	e := math.Exp(-1) + 1 + math.Exp(-2)
	require.InDeltaSlice(t, []float64{math.Exp(-1) / e, 1 / e, math.Exp(-2) / e, 1. / 3, 1. / 3, 1. / 3}, widen32(p), 1e-7)
	require.Equal(t, "LeakyReLU(0.1)", NewLeakyReLU(0.1).String())
	require.Equal(t, "GELU", NewGELU().String())
}

func widen32(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = float64(e)
	}
	return out
}

func TestDropout(t *testing.T) {
	x := fill(NewTensor(4, 250), 22)
	d := NewDropout(0.25, NewRand(5))
	y := d.Forward(x)
	var dropped int
	for i, v := range y.Data {
		switch v {
		case 0:
			dropped++
		default:
			require.InDelta(t, x.Data[i]/0.75, v, 1e-6, "kept elements are scaled by 1/(1-p)")
		}
	}
	require.InDelta(t, 250, dropped, 50, "about p of 1000 dropped")
	dy := fill(NewTensor(4, 250), 23)
	dx := d.Backward(dy)
	for i := range dx.Data {
		require.Equal(t, dy.Data[i]*d.mask.Data[i], dx.Data[i])
		require.Equal(t, y.Data[i] == 0, dx.Data[i] == 0, "the same elements dropped")
	}
	again := NewDropout(0.25, NewRand(5)).Forward(x)
	require.Equal(t, y.Data, again.Data, "the same seed gives the same mask")

	SetTraining(d, false)
	require.Same(t, x, d.Forward(x), "evaluation mode passes x through")
	require.Same(t, dy, d.Backward(dy))
	require.PanicsWithValue(t, "nn: Dropout(1): want a probability in [0, 1) and a generator", func() { NewDropout(1, NewRand(1)) })
}

func TestPoolLayerGradients(t *testing.T) {
	gradCheck(t, NewAvgPool2d(3, 2, 1), fill(NewTensor(2, 2, 5, 6), 24), 1e-2, 1e-3)
	a := NewAvgPool2d(2, 0, 0)
	a.CountPad = false
	gradCheck(t, a, fill(NewTensor(1, 3, 4, 4), 25), 1e-2, 1e-3)
	g := NewGlobalAvgPool2d()
	y := g.Forward(FromData([]float32{1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2))
	require.Equal(t, []int{1, 2, 1, 1}, y.Shape)
	require.Equal(t, []float32{2.5, 25}, y.Data)
	gradCheck(t, g, fill(NewTensor(2, 3, 3, 2), 26), 1e-2, 1e-3)
	require.PanicsWithValue(t, "nn: AvgPool2d(3x3, stride 1, pad 0) got input [1 1 2 2], want [N C H W], H and W at least 3",
		func() { NewAvgPool2d(3, 1, 0).Forward(NewTensor(1, 1, 2, 2)) })
}

func TestNewLayersAllocateNothing(t *testing.T) {
	rng := NewRand(36)
	net := NewSequential(NewConv2d(2, 3, 3, 1, 1, rng), NewBatchNorm2d(3), NewLeakyReLU(0.01),
		NewResidual(NewSequential(NewAvgPool2d(3, 1, 1), NewTanh()), nil), NewDropout(0.1, rng),
		NewConvTranspose2d(3, 2, 3, 2, 1, 1, rng), NewGlobalAvgPool2d(), NewFlatten(), NewLinear(2, 4, rng),
		NewLayerNorm(4), NewGELU(), NewSigmoid(), NewSoftmax())
	requireNoStepAllocs(t, net, fill(NewTensor(2, 2, 5, 5), 37), fill(NewTensor(2, 4), 38))
}

func TestConvTranspose2d(t *testing.T) {
	c := NewConvTranspose2d(2, 3, 3, 2, 1, 1, NewRand(43))
	fill(c.B.Value, 44)
	x := fill(NewTensor(2, 2, 3, 4), 45)
	y := c.Forward(x)
	require.Equal(t, []int{2, 3, 6, 8}, y.Shape, "(H-1)*stride - 2*pad + r + outPad")
	require.Equal(t, []int{2, 3, 3, 3}, c.W.Value.Shape, "PyTorch's [in out r r]")
	gradCheck(t, c, x, 1e-2, 3e-3)
	require.PanicsWithValue(t, "nn: ConvTranspose2d(2->3, 3x3, stride 2, pad 1, output padding 1) got input [2 3 3 4], want [N 2 H W] with an output of at least 1x1",
		func() { c.Forward(NewTensor(2, 3, 3, 4)) })
}

func TestConv2dNoBias(t *testing.T) {
	rng := NewRand(60)
	c := NewConv2d(2, 3, 3, 1, 1, rng).NoBias()
	require.Len(t, c.Params(), 1)
	x := fill(NewTensor(2, 2, 4, 4), 61)
	gradCheck(t, c, x, 1e-2, 3e-3)
	bn := NewBatchNorm2d(3)
	net := NewSequential(c, bn)
	fill(bn.Bias.Value, 62)
	require.Len(t, net.Params(), 3)
	SetTraining(net, false)
	gradCheck(t, net, x, 1e-2, 3e-3)
}
