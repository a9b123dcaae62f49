package mnist

import (
	"math/rand/v2"

	"github.com/simdla/simdla/nn"
)

// LeNet returns LeNet-5 for 28×28 digits as PyTorch's tutorials write it,
// with ReLU and max pooling: conv1 (1→6 channels, 5×5, padding 2), relu1,
// pool1 (2×2), conv2 (6→16, 5×5), relu2, pool2, flatten, fc1 (400→120),
// relu3, fc2 (120→84), relu4, fc3 (84→10 logits). The layers carry those
// names, as a PyTorch module's attributes, so that its parameters are
// conv1.weight, conv1.bias, ..., fc3.bias; rng draws the initial weights.
func LeNet(rng *rand.Rand) *nn.Sequential {
	return nn.NewSequential(
		nn.NewConv2d(1, 6, 5, 1, 2, rng), nn.NewReLU(), nn.NewMaxPool2d(2, 0),
		nn.NewConv2d(6, 16, 5, 1, 0, rng), nn.NewReLU(), nn.NewMaxPool2d(2, 0),
		nn.NewFlatten(),
		nn.NewLinear(16*5*5, 120, rng), nn.NewReLU(),
		nn.NewLinear(120, 84, rng), nn.NewReLU(),
		nn.NewLinear(84, 10, rng),
	).Named("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten",
		"fc1", "relu3", "fc2", "relu4", "fc3")
}

// MLP returns the multilayer perceptron 784-256-128-10: flatten, fc1
// (784→256), relu1, fc2 (256→128), relu2, fc3 (128→10 logits), the layers
// named so; rng draws the initial weights.
func MLP(rng *rand.Rand) *nn.Sequential {
	return nn.NewSequential(nn.NewFlatten(),
		nn.NewLinear(28*28, 256, rng), nn.NewReLU(),
		nn.NewLinear(256, 128, rng), nn.NewReLU(),
		nn.NewLinear(128, 10, rng),
	).Named("flatten", "fc1", "relu1", "fc2", "relu2", "fc3")
}
