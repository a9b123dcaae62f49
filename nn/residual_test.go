package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

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
