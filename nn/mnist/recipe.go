package mnist

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/nn"
)

// Recipe is how the examples train a model by default: SGD with Nesterov
// momentum and weight decay (L2), its learning rate LR in the first epoch
// and multiplied by Gamma at each next (see Schedule), in batches of Batch
// images, for Epochs epochs.
type Recipe struct {
	New                              func(rng *rand.Rand) *nn.Sequential
	Epochs, Batch                    int
	LR, Gamma, Momentum, WeightDecay float32
}

// RecipeFor returns the recipe of the model named "lenet" (LeNet) or "mlp"
// (MLP), or an error naming an unknown model.
func RecipeFor(model string) (Recipe, error) {
	switch model {
	case "lenet":
		return Recipe{New: LeNet, Epochs: 10, Batch: 32, LR: 0.02, Gamma: 0.8, Momentum: 0.9, WeightDecay: 1e-3}, nil
	case "mlp":
		return Recipe{New: MLP, Epochs: 3, Batch: 64, LR: 0.05, Gamma: 0.5, Momentum: 0.9, WeightDecay: 5e-4}, nil
	}
	return Recipe{}, fmt.Errorf("mnist: unknown model %q: want lenet or mlp", model)
}

// Optimizer returns the recipe's SGD over params, at the first epoch's
// learning rate.
func (r Recipe) Optimizer(params []*nn.Param) *nn.SGD {
	o := nn.NewSGD(params, r.LR)
	o.Momentum, o.Nesterov, o.WeightDecay = r.Momentum, true, r.WeightDecay
	return o
}

// Schedule returns the recipe's learning-rate schedule over opt, to step
// after each epoch: PyTorch's StepLR of step 1 and factor Gamma (its
// ExponentialLR).
func (r Recipe) Schedule(opt nn.LearningRater) *nn.LRScheduler {
	return nn.NewStepLR(opt, 1, r.Gamma)
}
