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

func TestBatchNorm(t *testing.T) {
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
		// standard deviation |γ| (up to eps); the running statistics move
		// a tenth of the way to the batch's, the variance unbiased.
		fresh := newBatchNorm(bn.C, bn.dims)
		y := fresh.Forward(x)
		n, l := fresh.geometry(x)
		for ch := range bn.C {
			var mean, sq, xmean, xsq float64
			eachPlane(y.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					mean += float64(v)
				}
			})
			mean /= float64(n * l)
			eachPlane(y.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					sq += (float64(v) - mean) * (float64(v) - mean)
				}
			})
			eachPlane(x.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					xmean += float64(v)
				}
			})
			xmean /= float64(n * l)
			eachPlane(x.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					xsq += (float64(v) - xmean) * (float64(v) - xmean)
				}
			})
			require.InDelta(t, 0, mean, 1e-6)
			require.InDelta(t, 1, sq/float64(n*l), 1e-3)
			require.InDelta(t, 0.1*xmean, fresh.RunningMean.Value.Data[ch], 1e-6)
			require.InDelta(t, 0.9+0.1*xsq/float64(n*l-1), fresh.RunningVar.Value.Data[ch], 1e-6)
		}
		require.Equal(t, float32(1), fresh.NumBatchesTracked.Value.Data[0])

		SetTraining(bn, false)
		gradCheck(t, bn, x, 1e-2, 5e-3)
	}
	require.PanicsWithValue(t, "nn: BatchNorm2d(2) got input [3 2 4], want [N 2 H W]", func() { NewBatchNorm2d(2).Forward(NewTensor(3, 2, 4)) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2) in training mode got input [1 2]: want more than one value per channel",
		func() { NewBatchNorm1d(2).Forward(NewTensor(1, 2)) })
}

func TestResidual(t *testing.T) {
	rng := NewRand(30)
	body := NewSequential(NewLinear(4, 4, rng), NewTanh(), NewLinear(4, 4, rng)).Named("fc1", "act", "fc2")
	r := NewResidual(body, nil)
	fill(body.Layers[0].Params()[1].Value, 31)
	gradCheck(t, r, fill(NewTensor(3, 4), 32), 1e-2, 3e-3)
	require.Equal(t, []string{"fc1", "act", "fc2"}, childNames(r))

	down := NewLinear(4, 2, rng)
	r2 := NewResidual(NewSequential(NewLinear(4, 2, rng), NewSigmoid()), down)
	gradCheck(t, r2, fill(NewTensor(3, 4), 33), 1e-2, 3e-3)
	require.Equal(t, []string{"0", "1", "downsample"}, childNames(r2))
	require.Len(t, r2.Params(), 4)
	require.PanicsWithValue(t, "nn: Residual(Linear(4->2)) got input [3 4]: the body gives [3 2], the shortcut [3 4]",
		func() { NewResidual(NewLinear(4, 2, rng), nil).Forward(NewTensor(3, 4)) })
}

func TestResNetBlockTrains(t *testing.T) {
	rng := NewRand(34)
	block := NewResidual(NewSequential(
		NewConv2d(4, 4, 3, 1, 1, rng), NewBatchNorm2d(4), NewReLU(),
		NewConv2d(4, 4, 3, 1, 1, rng), NewBatchNorm2d(4)).Named("conv1", "bn1", "relu", "conv2", "bn2"), nil)
	net := NewSequential(NewConv2d(1, 4, 3, 1, 1, rng), block, NewReLU(), NewGlobalAvgPool2d(), NewFlatten(), NewLinear(4, 3, rng))
	x := fill(NewTensor(6, 1, 6, 6), 35)
	labels := []int{0, 1, 2, 0, 1, 2}
	for i := range 6 {
		// Each class brightens its own third of the image.
		for j := range 12 {
			x.Data[i*36+labels[i]*12+j] += 1
		}
	}
	loss, opt := NewSoftmaxCrossEntropy(), NewAdam(net.Params(), 1e-2)
	first := float32(0)
	var last float32
	for step := range 60 {
		net.ZeroGrad()
		last = loss.Forward(net.Forward(x), labels)
		if step == 0 {
			first = last
		}
		net.Backward(loss.Grad())
		opt.Step()
	}
	require.Less(t, last, first/4, "the loss falls: %g to %g", first, last)
	SetTraining(net, false)
	require.Equal(t, labels, Argmax(net.Forward(x), nil), "the running statistics serve evaluation")
}

func TestNewLayersAllocateNothing(t *testing.T) {
	rng := NewRand(36)
	net := NewSequential(NewConv2d(2, 3, 3, 1, 1, rng), NewBatchNorm2d(3), NewLeakyReLU(0.01),
		NewResidual(NewSequential(NewAvgPool2d(3, 1, 1), NewTanh()), nil), NewDropout(0.1, rng),
		NewConvTranspose2d(3, 2, 3, 2, 1, 1, rng), NewGlobalAvgPool2d(), NewFlatten(), NewLinear(2, 4, rng),
		NewLayerNorm(4), NewGELU(), NewSigmoid(), NewSoftmax())
	requireNoStepAllocs(t, net, fill(NewTensor(2, 2, 5, 5), 37), fill(NewTensor(2, 4), 38))
}

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

	dy := fill(NewTensor(want.Shape...), 52)
	dx := folded.Backward(dy)
	wantDx := c2.Backward(b2.Backward(dy))
	require.InDeltaSlice(t, widen32(wantDx.Data), widen32(dx.Data), 1e-5)
	for i, p := range folded.Params() {
		q := []*Param{c2.W, c2.B, b2.Weight, b2.Bias}[i]
		require.InDeltaSlice(t, widen32(q.Grad.Data), widen32(p.Grad.Data), 1e-4, "gradient of %s", p.Name)
	}
	gradCheck(t, folded, x, 1e-2, 5e-3)

	SetTraining(folded, true)
	folded.Forward(x)
	require.Nil(t, b1.foldedIn, "training mode does not fold")
}
