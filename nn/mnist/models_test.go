package mnist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

// stateDict returns the names PyTorch's state_dict would give the
// parameters of s, with their shapes.
func stateDict(s *nn.Sequential) map[string][]int {
	d := map[string][]int{}
	for _, ch := range s.Children() {
		for _, p := range ch.Layer.Params() {
			d[ch.Name+"."+p.Name] = p.Value.Shape
		}
	}
	return d
}

func TestLeNet(t *testing.T) {
	net := mnist.LeNet(nn.NewRand(1))
	require.Equal(t, map[string][]int{
		"conv1.weight": {6, 1, 5, 5}, "conv1.bias": {6},
		"conv2.weight": {16, 6, 5, 5}, "conv2.bias": {16},
		"fc1.weight": {120, 400}, "fc1.bias": {120},
		"fc2.weight": {84, 120}, "fc2.bias": {84},
		"fc3.weight": {10, 84}, "fc3.bias": {10},
	}, stateDict(net))
	require.Equal(t, []int{3, 10}, net.Forward(nn.NewTensor(3, 1, 28, 28)).Shape)
}

func TestMLP(t *testing.T) {
	net := mnist.MLP(nn.NewRand(1))
	require.Equal(t, map[string][]int{
		"fc1.weight": {256, 784}, "fc1.bias": {256},
		"fc2.weight": {128, 256}, "fc2.bias": {128},
		"fc3.weight": {10, 128}, "fc3.bias": {10},
	}, stateDict(net))
	require.Equal(t, []int{3, 10}, net.Forward(nn.NewTensor(3, 1, 28, 28)).Shape)
}

func TestModelsAreSeeded(t *testing.T) {
	for _, model := range []func(seed uint64) *nn.Sequential{
		func(seed uint64) *nn.Sequential { return mnist.LeNet(nn.NewRand(seed)) },
		func(seed uint64) *nn.Sequential { return mnist.MLP(nn.NewRand(seed)) },
	} {
		a, b, c := model(1).Params(), model(1).Params(), model(2).Params()
		require.Equal(t, a[0].Value.Data, b[0].Value.Data, "the same seed, the same weights")
		require.NotEqual(t, a[0].Value.Data, c[0].Value.Data)
	}
}
