package mnist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

func TestRecipeFor(t *testing.T) {
	for model, layers := range map[string]int{"lenet": 12, "mlp": 6} {
		r, err := mnist.RecipeFor(model)
		require.NoError(t, err)
		require.Len(t, r.New(nn.NewRand(1)).Layers, layers, model)
		require.Positive(t, r.Epochs)
		require.Positive(t, r.Batch)
	}
	_, err := mnist.RecipeFor("resnet")
	require.EqualError(t, err, `mnist: unknown model "resnet": want lenet or mlp`)
}

func TestRecipeOptimizer(t *testing.T) {
	r := mnist.Recipe{LR: 0.1, Gamma: 0.5, Momentum: 0.9, WeightDecay: 1e-4}
	o := r.Optimizer(mnist.MLP(nn.NewRand(1)).Params())
	require.Equal(t, float32(0.1), o.LR)
	require.Equal(t, float32(0.9), o.Momentum)
	require.Equal(t, float32(1e-4), o.WeightDecay)
	require.True(t, o.Nesterov)
	sched := r.Schedule(o)
	sched.Step()
	sched.Step()
	require.Equal(t, float32(0.025), o.LR, "halved after each of two epochs")
}
