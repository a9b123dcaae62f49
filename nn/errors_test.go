package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestShapeErrors(t *testing.T) {
	rng := NewRand(1)
	lin := NewLinear(784, 256, rng)
	require.PanicsWithValue(t, "nn: Linear(784->256) got input [64 100], want [N 784]",
		func() { lin.Forward(NewTensor(64, 100)) })
	require.PanicsWithValue(t, "nn: Linear(784->256) got input [64 1 28 28], want [N 784]",
		func() { lin.Forward(NewTensor(64, 1, 28, 28)) })
	lin.Forward(NewTensor(2, 784))
	require.PanicsWithValue(t, "nn: Linear(784->256) got gradient [2 255], want [2 256]",
		func() { lin.Backward(NewTensor(2, 255)) })
	require.PanicsWithValue(t, "nn: Linear(3->4): Backward before Forward",
		func() { NewLinear(3, 4, rng).Backward(NewTensor(2, 4)) })

	relu := NewReLU()
	relu.Forward(NewTensor(2, 3))
	require.PanicsWithValue(t, "nn: ReLU got gradient [3 2], want [2 3]",
		func() { relu.Backward(NewTensor(3, 2)) })

	loss := NewSoftmaxCrossEntropy()
	require.PanicsWithValue(t, "nn: SoftmaxCrossEntropy got logits [4 10], want [3 classes] for 3 labels",
		func() { loss.Forward(NewTensor(4, 10), []int{1, 2, 3}) })
	require.PanicsWithValue(t, "nn: SoftmaxCrossEntropy got label 10 at 1, want [0, 10)",
		func() { loss.Forward(NewTensor(2, 10), []int{1, 10}) })

	// A Sequential's error names the layer at fault.
	s := NewSequential(NewFlatten(), NewLinear(12, 5, rng), NewReLU(), NewLinear(6, 2, rng))
	require.PanicsWithValue(t, "nn: Linear(6->2) got input [3 5], want [N 6]",
		func() { s.Forward(NewTensor(3, 3, 4)) })

	require.Panics(t, func() { FromData(make([]float32, 5), 2, 3) })
	require.Panics(t, func() { NewTensor(2, 3).Reshape(4, 2) })
}

func TestTensorViews(t *testing.T) {
	x := FromData([]float32{0, 1, 2, 3, 4, 5}, 3, 2)
	r := x.Reshape(-1, 3)
	require.Equal(t, []int{2, 3}, r.Shape)
	r.Data[0] = 9
	require.Equal(t, float32(9), x.Data[0], "Reshape shares the data")
	s := x.Slice(1, 3)
	require.Equal(t, []int{2, 2}, s.Shape)
	require.Equal(t, []float32{2, 3, 4, 5}, s.Data)
	require.Panics(t, func() { x.Slice(2, 4) })
}

func TestBatchesShuffleCoversEverySample(t *testing.T) {
	x := NewTensor(10, 2)
	labels := make([]int, 10)
	for i := range 10 {
		x.Data[2*i], x.Data[2*i+1], labels[i] = float32(i), float32(-i), i
	}
	b := NewBatches(x, labels, 4, NewRand(5))
	b.Shuffle()
	var seen []int
	sizes := []int{}
	for xb, lb, ok := b.Next(); ok; xb, lb, ok = b.Next() {
		sizes = append(sizes, len(lb))
		for i, l := range lb {
			require.Equal(t, float32(l), xb.Data[2*i])
			require.Equal(t, float32(-l), xb.Data[2*i+1])
		}
		seen = append(seen, lb...)
	}
	require.Equal(t, []int{4, 4, 2}, sizes)
	require.ElementsMatch(t, labels, seen)
	require.NotEqual(t, labels, seen, "shuffled")
}

func TestOptimizersOneStep(t *testing.T) {
	p := newParam("w", 2)
	p.Value.Data[0], p.Value.Data[1] = 1, -2
	p.Grad.Data[0], p.Grad.Data[1] = 0.5, 0.25
	sgd := NewSGD([]*Param{p}, 0.1)
	sgd.Momentum, sgd.Nesterov, sgd.WeightDecay = 0.9, true, 0.01
	sgd.Step()
	// g = grad + 0.01 w; v = g; w -= 0.1 (g + 0.9 v) = w - 0.19 g.
	require.InDeltaSlice(t, []float64{1 - 0.19*0.51, -2 - 0.19*0.23}, f64(p.Value.Data), 1e-6)
	sgd.Step()
	// The second step: g' from the new w, v' = 0.9 v + g', w -= 0.1 (g' + 0.9 v').
	w := []float64{1 - 0.19*0.51, -2 - 0.19*0.23}
	v := []float64{0.51, 0.23}
	for j, grad := range []float64{0.5, 0.25} {
		g := grad + 0.01*w[j]
		v[j] = 0.9*v[j] + g
		w[j] -= 0.1 * (g + 0.9*v[j])
	}
	require.InDeltaSlice(t, w, f64(p.Value.Data), 1e-6)

	q := newParam("w", 1)
	q.Value.Data[0], q.Grad.Data[0] = 1, 0.3
	adam := NewAdamW([]*Param{q}, 0.01, 0.1)
	adam.Step()
	// The first step of Adam moves by LR against the gradient's sign; AdamW
	// first scales w by 1 - LR*wd.
	require.InDelta(t, 1*(1-0.001)-0.01, float64(q.Value.Data[0]), 1e-6)
}

func f64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}
