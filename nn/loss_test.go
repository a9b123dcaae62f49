package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// lossGradCheck compares the gradient a loss kept at its last Forward on x
// with central differences of loss() over every element of x, steps of h
// in float32: |analytic - numeric| must be at most tol.
func lossGradCheck(t *testing.T, x *Tensor, loss func() float32, grad func() *Tensor, h, tol float64) {
	t.Helper()
	loss()
	want := append([]float32(nil), grad().Data...)
	for i := range x.Data {
		old := x.Data[i]
		x.Data[i] = old + float32(h)
		up := float64(loss())
		x.Data[i] = old - float32(h)
		down := float64(loss())
		x.Data[i] = old
		require.InDelta(t, (up-down)/(2*h), float64(want[i]), tol, "element %d", i)
	}
}

// requireFinite fails unless every element of x is finite.
func requireFinite(t *testing.T, what string, x []float32) {
	t.Helper()
	for i, v := range x {
		require.False(t, math.IsNaN(float64(v)) || math.IsInf(float64(v), 0), "%s[%d] = %v", what, i, v)
	}
}

func TestLogSoftmaxGradient(t *testing.T) {
	x := fill(NewTensor(4, 6), 30)
	for i := range x.Data {
		x.Data[i] *= 3
	}
	gradCheck(t, NewLogSoftmax(), x, 1e-2, 2e-3)
}

func TestLogSoftmaxValues(t *testing.T) {
	// log(1 + e^-1 + e^-2): each row's log-sum-exp less its maximum.
	l := math.Log(1 + math.Exp(-1) + math.Exp(-2))
	y := NewLogSoftmax().Forward(FromData([]float32{1, 2, 3, 1000, 1001, 999, 1e30, 0, -1e30}, 3, 3))
	require.InDeltaSlice(t, []float64{-2 - l, -1 - l, -l, -1 - l, -l, -2 - l}, f64(y.Data[:6]), 1e-6)
	require.Equal(t, []float32{0, -1e30, -2e30}, y.Data[6:], "no overflow, nothing lost")
	requireFinite(t, "y", y.Data)
}

func TestLogSoftmaxShapeErrors(t *testing.T) {
	l := NewLogSoftmax()
	require.PanicsWithValue(t, "nn: LogSoftmax: Backward before Forward", func() { l.Backward(NewTensor(2, 3)) })
	require.PanicsWithValue(t, "nn: LogSoftmax got input [2 3 4], want [N classes]", func() { l.Forward(NewTensor(2, 3, 4)) })
	l.Forward(NewTensor(2, 3))
	require.PanicsWithValue(t, "nn: LogSoftmax got gradient [3 2], want [2 3]", func() { l.Backward(NewTensor(3, 2)) })
}

func TestNLLLoss(t *testing.T) {
	s := NewNLLLoss()
	x := FromData([]float32{-0.5, -1, -2, -3, -0.1, -4}, 2, 3)
	require.InDelta(t, (2+0.1)/2, float64(s.Forward(x, []int{2, 1})), 1e-7)
	require.Equal(t, []float32{0, 0, -0.5, 0, -0.5, 0}, s.Grad().Data)
	lossGradCheck(t, x, func() float32 { return s.Forward(x, []int{0, 2}) }, s.Grad, 1e-2, 1e-4)
	require.PanicsWithValue(t, "nn: NLLLoss got label 3 at 1, want [0, 3)", func() { s.Forward(x, []int{0, 3}) })
	require.PanicsWithValue(t, "nn: NLLLoss got log-probabilities [2 3], want [3 classes] for 3 labels",
		func() { s.Forward(x, []int{0, 1, 2}) })
}

// TestNLLAfterLogSoftmaxIsCrossEntropy checks that the two losses PyTorch
// equates agree: NLLLoss of LogSoftmax and SoftmaxCrossEntropy, in value
// and in the gradient of the logits, on large logits too.
func TestNLLAfterLogSoftmaxIsCrossEntropy(t *testing.T) {
	x := fill(NewTensor(5, 7), 31)
	for i := range x.Data {
		x.Data[i] *= 4
	}
	x.Data[3], x.Data[10] = 1e30, -1e30
	labels := []int{0, 6, 3, 3, 1}
	ls, nll, sce := NewLogSoftmax(), NewNLLLoss(), NewSoftmaxCrossEntropy()
	got := nll.Forward(ls.Forward(x), labels)
	dx := ls.Backward(nll.Grad())
	want := sce.Forward(x, labels)
	require.InDelta(t, float64(want), float64(got), 1e-6*math.Abs(float64(want)))
	require.InDeltaSlice(t, f64(sce.Grad().Data), f64(dx.Data), 1e-6)
	requireFinite(t, "dx", dx.Data)
}

func TestMSELoss(t *testing.T) {
	s := NewMSELoss()
	x, target := FromData([]float32{1, 2, 3, 4}, 2, 2), FromData([]float32{0, 2, 5, 4}, 2, 2)
	// Differences 1, 0, -2, 0.
	require.Equal(t, float32(1.25), s.Forward(x, target))
	require.Equal(t, []float32{0.5, 0, -1, 0}, s.Grad().Data)
	x, target = fill(NewTensor(3, 5), 32), fill(NewTensor(3, 5), 33)
	lossGradCheck(t, x, func() float32 { return s.Forward(x, target) }, s.Grad, 1e-2, 1e-4)
	require.PanicsWithValue(t, "nn: MSELoss got target [5 3], want [3 5], the input's shape",
		func() { s.Forward(x, NewTensor(5, 3)) })
}

func TestBCEWithLogitsLoss(t *testing.T) {
	s := NewBCEWithLogitsLoss()
	x, target := FromData([]float32{0, 2, -3, 0.5}, 4), FromData([]float32{0, 1, 0.25, 1}, 4)
	// -t log(sigmoid(x)) - (1-t) log(1 - sigmoid(x)), element by element.
	want := (math.Log(2) + math.Log1p(math.Exp(-2)) + 0.75 + math.Log1p(math.Exp(-3)) + math.Log1p(math.Exp(-0.5))) / 4
	require.InDelta(t, want, float64(s.Forward(x, target)), 1e-7)
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	require.InDeltaSlice(t, []float64{0.5 / 4, (sig(2) - 1) / 4, (sig(-3) - 0.25) / 4, (sig(0.5) - 1) / 4}, f64(s.Grad().Data), 1e-7)

	x, target = fill(NewTensor(3, 4), 34), fill(NewTensor(3, 4), 35)
	for i := range x.Data {
		x.Data[i] *= 5
		target.Data[i] = (target.Data[i] + 1) / 2
	}
	lossGradCheck(t, x, func() float32 { return s.Forward(x, target) }, s.Grad, 1e-2, 1e-4)
	require.PanicsWithValue(t, "nn: BCEWithLogitsLoss got target [4], want [3 4], the input's shape",
		func() { s.Forward(x, NewTensor(4)) })
}

// TestBCEWithLogitsLossExtremeLogits checks the stable form where the
// naive one overflows (exp(-x) for x = -1e30) or cancels: confident right
// answers cost nothing, wrong ones their logit's size.
func TestBCEWithLogitsLossExtremeLogits(t *testing.T) {
	s := NewBCEWithLogitsLoss()
	x := FromData([]float32{1e30, -1e30, 100, -100, 1e4, -1e4}, 6)
	target := FromData([]float32{1, 0, 1, 0, 0, 0.5}, 6)
	// 1e4*(1-0) and 1e4*0.5; the rest below 1e-43.
	require.InDelta(t, (1e4+5e3)/6, float64(s.Forward(x, target)), 1e-3)
	require.InDeltaSlice(t, []float64{0, 0, 0, 0, 1.0 / 6, -0.5 / 6}, f64(s.Grad().Data), 1e-7)
	require.InDelta(t, 1e30, float64(s.Forward(x.Slice(0, 2), FromData([]float32{0, 1}, 2))), 1e24)
	requireFinite(t, "grad", s.Grad().Data)
}
