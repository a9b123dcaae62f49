package nn

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdla/simdla/internal/par"
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
	require.PanicsWithValue(t, "nn: NewResidual: the body must not be nil", func() { NewResidual(nil, down) })
	require.PanicsWithValue(t, "nn: Residual(Linear(4->4)): Backward before Forward",
		func() { NewResidual(NewLinear(4, 4, rng), nil).Backward(NewTensor(3, 4)) })

	// Only a Sequential body is flattened: nested blocks keep their
	// shortcuts' names apart.
	nested := NewResidual(r2, NewLinear(4, 2, rng))
	require.Equal(t, []string{"body", "downsample"}, childNames(nested))
	require.Equal(t, []string{"body.0.weight", "body.0.bias", "body.downsample.weight", "body.downsample.bias",
		"downsample.weight", "downsample.bias"}, stateNames(nested))
}

// basicBlock returns PyTorch's ResNet BasicBlock from in to out channels
// with the given stride, and its downsample where the shape changes.
func basicBlock(in, out, stride int, rng *rand.Rand) *Sequential {
	var down Layer
	if stride != 1 || in != out {
		down = NewSequential(NewConv2d(in, out, 1, stride, 0, rng), NewBatchNorm2d(out))
	}
	body := NewSequential(NewConv2d(in, out, 3, stride, 1, rng), NewBatchNorm2d(out), NewReLU(),
		NewConv2d(out, out, 3, 1, 1, rng), NewBatchNorm2d(out)).Named("conv1", "bn1", "relu", "conv2", "bn2")
	return NewSequential(NewResidual(body, down), NewReLU())
}

// TestBasicBlock checks a BasicBlock with a downsample by finite
// differences, in training mode and in evaluation mode (where its batch
// norms are folded into the convolutions), and its state-dict names
// against PyTorch's, the convolutions' biases aside.
func TestBasicBlock(t *testing.T) {
	rng := NewRand(61)
	block := basicBlock(2, 3, 2, rng)
	for i, p := range block.Params() {
		if strings.HasSuffix(p.Name, "bias") {
			fill(p.Value, uint64(62+i))
		}
	}
	x := fill(NewTensor(2, 2, 5, 5), 70)
	gradCheck(t, block, x, 1e-3, 3e-3)

	block.Forward(x) // running statistics of the batch's
	SetTraining(block, false)
	res := block.Layers[0].(*Residual)
	gradCheck(t, block, x, 1e-3, 3e-3)
	require.Same(t, res.Body.(*Sequential).Layers[1].(*BatchNorm).foldedIn, &res.Body.(*Sequential).Layers[0].(*Conv2d).y, "bn1 is folded")

	var torch []string
	for _, m := range []string{"conv1", "bn1", "conv2", "bn2", "downsample.0", "downsample.1"} {
		if strings.Contains(m, "bn") || m == "downsample.1" {
			for _, n := range []string{"weight", "bias", "running_mean", "running_var", "num_batches_tracked"} {
				torch = append(torch, "0."+m+"."+n)
			}
			continue
		}
		torch = append(torch, "0."+m+".weight", "0."+m+".bias")
	}
	require.Equal(t, torch, stateNames(block))
	var params []string
	for _, n := range torch {
		if strings.HasSuffix(n, "weight") || strings.HasSuffix(n, "bias") {
			params = append(params, n[strings.LastIndex(n, ".")+1:])
		}
	}
	require.Equal(t, params, paramNames(block.Params()), "Params in the children's order")
}

// TestBasicBlockDeterministic trains a BasicBlock for a few steps on one
// thread and on two and wants the same bits in its parameters and running
// statistics, and checks that steps in
// either mode allocate nothing once the first has run.
func TestBasicBlockDeterministic(t *testing.T) {
	defer par.SetThreads(0)
	x, dy := fill(NewTensor(4, 3, 6, 6), 71), fill(NewTensor(4, 4, 3, 3), 72)
	run := func(threads int) [][]float32 {
		par.SetThreads(threads)
		block := basicBlock(3, 4, 2, NewRand(73))
		opt := NewSGD(block.Params(), 0.1)
		for range 5 {
			block.ZeroGrad()
			block.Forward(x)
			block.Backward(dy)
			opt.Step()
		}
		var w [][]float32
		for _, e := range StateDict(block) {
			w = append(w, e.Param.Value.Data)
		}
		return w
	}
	require.Equal(t, run(1), run(2))

	block := basicBlock(3, 4, 2, NewRand(74))
	for _, training := range []bool{true, false} {
		SetTraining(block, training)
		requireNoStepAllocs(t, block, x, dy)
	}
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

// TestBasicBlockTorchNames builds PyTorch's BasicBlock as its docs say,
// convolutions without bias and the outer Sequential named ("", "relu"),
// and wants exactly the keys of torch's state_dict.
func TestBasicBlockTorchNames(t *testing.T) {
	rng := NewRand(80)
	block := NewSequential(NewResidual(
		NewSequential(NewConv2d(2, 4, 3, 2, 1, rng).NoBias(), NewBatchNorm2d(4), NewReLU(),
			NewConv2d(4, 4, 3, 1, 1, rng).NoBias(), NewBatchNorm2d(4)).Named("conv1", "bn1", "relu", "conv2", "bn2"),
		NewSequential(NewConv2d(2, 4, 1, 2, 0, rng).NoBias(), NewBatchNorm2d(4))), NewReLU()).Named("", "relu")
	var want []string
	for _, m := range []string{"conv1", "bn1", "conv2", "bn2", "downsample.0", "downsample.1"} {
		if strings.HasPrefix(m, "conv") || m == "downsample.0" {
			want = append(want, m+".weight")
			continue
		}
		for _, n := range []string{"weight", "bias", "running_mean", "running_var", "num_batches_tracked"} {
			want = append(want, m+"."+n)
		}
	}
	require.Equal(t, want, stateNames(block))
}
