package mnist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
	"github.com/simdla/simdla/nn/mnist/mnisttest"
)

func TestTrainerLearns(t *testing.T) {
	set := mnisttest.Set(t)
	train, held := set.Slice(0, 500), set.Slice(500, 800)
	r, err := mnist.RecipeFor("mlp")
	require.NoError(t, err)
	rng := nn.NewRand(1)
	net := r.New(rng)
	tr := mnist.NewTrainer(net, r.Optimizer(net.Params()), train, 32, rng)
	require.True(t, net.SkipInputGrad)
	before := mnist.Accuracy(net, held, 100)

	var seen []mnist.Stats
	tr.Progress = func(s mnist.Stats) { seen = append(seen, s) }
	first := tr.Epoch()
	require.Len(t, seen, 16, "a call a step: 500 images in batches of 32")
	require.Equal(t, first, seen[15])
	require.Equal(t, mnist.Stats{Steps: 1, Images: 32}, mnist.Stats{Steps: seen[0].Steps, Images: seen[0].Images})
	require.Equal(t, 500, first.Images)
	require.Positive(t, first.Elapsed)
	second := tr.Epoch()
	require.Less(t, second.Loss, first.Loss, "the loss falls")
	require.Greater(t, second.Accuracy, first.Accuracy)
	after := mnist.Accuracy(net, held, 100)
	require.Greater(t, after, before+40, "from chance to most of the digits")
	require.LessOrEqual(t, after, 100.0)
}

func TestAccuracyCounts(t *testing.T) {
	// A Linear layer whose logits are the input: the class is the largest input.
	l := nn.NewLinear(3, 3, nn.NewRand(1))
	copy(l.W.Value.Data, []float32{1, 0, 0, 0, 1, 0, 0, 0, 1})
	x := nn.FromData([]float32{5, 1, 0, 0, 2, 1, 0, 0, 9, 3, 4, 0}, 4, 3)
	require.Equal(t, 75.0, mnist.Accuracy(l, nn.TensorSet{X: x, Labels: []int{0, 1, 2, 0}}, 3))
}

func TestSlice(t *testing.T) {
	s := mnist.Set{Pixels: make([]byte, 5*2*2), Labels: []int{0, 1, 2, 3, 4}, Rows: 2, Cols: 2}
	s.Pixels[8] = 255
	got := s.Slice(2, 4)
	require.Equal(t, 2, got.Len())
	require.Equal(t, []int{2, 3}, got.Labels)
	require.Equal(t, []int{2, 1, 2, 2}, got.Images().Shape)
	require.InDelta(t, (1-mnist.Mean)/mnist.Std, got.Images().Data[0], 1e-6, "the first pixel of image 2")
}
