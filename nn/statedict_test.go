package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fakeLayer is a layer of the given parameters and children, its Params
// its own followed by its children's (as Sequential's are), its passes
// the identity: a block with a parameter of its own, or a holder of
// tensors to save and load.
type fakeLayer struct {
	params   []*Param
	children []Child
}

func (f *fakeLayer) Forward(x *Tensor) *Tensor   { return x }
func (f *fakeLayer) Backward(dy *Tensor) *Tensor { return dy }
func (f *fakeLayer) String() string              { return "fake" }
func (f *fakeLayer) Children() []Child           { return f.children }

func (f *fakeLayer) Params() []*Param {
	ps := f.params
	for _, c := range f.children {
		ps = append(ps, c.Layer.Params()...)
	}
	return ps
}

// batchNorm returns a BatchNorm1d of c features, its parameters and
// running statistics from seed (the variances positive), its
// num_batches_tracked 7.
func batchNorm(c int, seed uint64) *BatchNorm {
	b := NewBatchNorm1d(c)
	for i, p := range []*Param{b.Weight, b.Bias, b.RunningMean, b.RunningVar} {
		fill(p.Value, seed+uint64(i))
	}
	for i, v := range b.RunningVar.Value.Data {
		b.RunningVar.Value.Data[i] = 0.5 + float32(math.Abs(float64(v)))
	}
	b.NumBatchesTracked.Value.Data[0] = 7
	return b
}

// lenet returns LeNet-5 with PyTorch's attribute names, its weights from
// seed and its biases not zero.
func lenet(seed uint64) *Sequential {
	rng := NewRand(seed)
	s := NewSequential(
		NewConv2d(1, 6, 5, 1, 2, rng), NewReLU(), NewMaxPool2d(2, 0),
		NewConv2d(6, 16, 5, 1, 0, rng), NewReLU(), NewMaxPool2d(2, 0),
		NewFlatten(),
		NewLinear(16*5*5, 120, rng), NewReLU(),
		NewLinear(120, 84, rng), NewReLU(),
		NewLinear(84, 10, rng),
	).Named("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "relu3", "fc2", "relu4", "fc3")
	for i, p := range s.Params() {
		if p.Name == "bias" {
			fill(p.Value, seed+uint64(i))
		}
	}
	return s
}

// stateNames returns the names of model's state dict.
func stateNames(model Layer) []string {
	var names []string
	for _, e := range StateDict(model) {
		names = append(names, e.Name)
	}
	return names
}

// stateBits returns the bits of every value of model's state dict.
func stateBits(model Layer) [][]uint32 {
	var bits [][]uint32
	for _, e := range StateDict(model) {
		bits = append(bits, bitsOf(e.Param.Value.Data))
	}
	return bits
}

func TestStateDictNames(t *testing.T) {
	assert.Equal(t, []string{"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
		"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"}, stateNames(lenet(1)))

	rng := NewRand(1)
	assert.Equal(t, []string{"0.weight", "0.bias", "2.weight", "2.bias"},
		stateNames(NewSequential(NewLinear(2, 3, rng), NewReLU(), NewLinear(3, 1, rng))))

	// A block with a parameter of its own before its children, as
	// PyTorch lists a module's own tensors before its submodules'.
	block := &fakeLayer{params: []*Param{newParam("scale", 1)}, children: []Child{
		{"conv", NewConv2d(1, 2, 3, 1, 1, rng)}, {"bn", batchNorm(2, 1)}}}
	net := NewSequential(NewLinear(2, 2, rng), block).Named("stem", "layer1")
	assert.Equal(t, []string{"stem.weight", "stem.bias", "layer1.scale",
		"layer1.conv.weight", "layer1.conv.bias",
		"layer1.bn.weight", "layer1.bn.bias", "layer1.bn.running_mean", "layer1.bn.running_var", "layer1.bn.num_batches_tracked"},
		stateNames(net))
	assert.Same(t, block.params[0], StateDict(net)[2].Param)
}
