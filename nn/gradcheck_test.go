package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// fill sets t to numbers drawn uniformly from [-1, 1) by a seeded
// generator, kept at least 0.05 away from 0 so that no finite difference
// straddles ReLU's kink at an input.
func fill(t *Tensor, seed uint64) *Tensor {
	rng := NewRand(seed)
	for i := range t.Data {
		v := 2*rng.Float32() - 1
		if v > -0.05 && v < 0.05 {
			v += 0.1
		}
		t.Data[i] = v
	}
	return t
}

// project returns sum(y .* r) accumulated in float64: a scalar loss whose
// gradient with respect to y is r.
func project(y, r *Tensor) float64 {
	var s float64
	for i, v := range y.Data {
		s += float64(v) * float64(r.Data[i])
	}
	return s
}

// gradCheck compares l's backward pass on x with central differences of
// the loss sum(l.Forward(x) .* r), r random, for every element of x and of
// every parameter. The differences are taken in float32 with step h and
// the loss summed in float64; tol bounds |analytic - numeric| / (1 + |numeric|).
func gradCheck(t *testing.T, l Layer, x *Tensor, h, tol float64) {
	t.Helper()
	checkGradients(t, l, x, true, h, tol)
}

// gradCheckParams is gradCheck for the parameters only, where l is not
// differentiable in x (Embedding's indices).
func gradCheckParams(t *testing.T, l Layer, x *Tensor, h, tol float64) {
	t.Helper()
	checkGradients(t, l, x, false, h, tol)
}

// checkGradients is gradCheck, of x's gradient too where input is true.
func checkGradients(t *testing.T, l Layer, x *Tensor, input bool, h, tol float64) {
	t.Helper()
	y := l.Forward(x)
	r := fill(NewTensor(y.Shape...), 99)
	ZeroGrad(l.Params())
	dx := l.Backward(r)
	analytic := map[*Tensor][]float32{x: append([]float32(nil), dx.Data...)}
	for _, p := range l.Params() {
		analytic[p.Value] = append([]float32(nil), p.Grad.Data...)
	}
	loss := func() float64 { return project(l.Forward(x), r) }
	check := func(name string, v *Tensor) {
		for i := range v.Data {
			old := v.Data[i]
			v.Data[i] = old + float32(h)
			up := loss()
			v.Data[i] = old - float32(h)
			down := loss()
			v.Data[i] = old
			num := (up - down) / (2 * h)
			got := float64(analytic[v][i])
			require.LessOrEqualf(t, math.Abs(got-num)/(1+math.Abs(num)), tol,
				"%s: d/d%s[%d] = %g by backward, %g by finite differences", l, name, i, got, num)
		}
	}
	if input {
		check("x", x)
	}
	for _, p := range l.Params() {
		check(p.Name, p.Value)
	}
}

// requireNoStepAllocs runs a training step of l (Forward of x, Backward of
// dy) once, then requires that further steps allocate nothing.
func requireNoStepAllocs(t *testing.T, l Layer, x, dy *Tensor) {
	t.Helper()
	step := func() {
		l.Forward(x)
		l.Backward(dy)
	}
	step()
	require.Zero(t, testing.AllocsPerRun(5, step), "%s allocates in a step", l)
}

func TestLinearGradient(t *testing.T) {
	l := NewLinear(5, 3, NewRand(1))
	fill(l.B.Value, 2)
	gradCheck(t, l, fill(NewTensor(4, 5), 3), 1e-2, 2e-3)
}

func TestReLUGradient(t *testing.T) {
	gradCheck(t, NewReLU(), fill(NewTensor(3, 7), 4), 1e-2, 1e-3)
}

func TestFlattenGradient(t *testing.T) {
	gradCheck(t, NewFlatten(), fill(NewTensor(2, 3, 2, 2), 5), 1e-2, 1e-3)
}

func TestSequentialGradientWithFusedReLU(t *testing.T) {
	rng := NewRand(6)
	s := NewSequential(NewFlatten(), NewLinear(6, 8, rng), NewReLU(), NewLinear(8, 4, rng))
	require.True(t, s.Layers[2].(*ReLU).fused, "the ReLU after a Linear is fused")
	gradCheck(t, s, fill(NewTensor(3, 2, 3), 7), 1e-3, 5e-3)
}

func TestSoftmaxCrossEntropyGradient(t *testing.T) {
	logits := fill(NewTensor(4, 5), 8)
	for i := range logits.Data {
		logits.Data[i] *= 3
	}
	s := NewSoftmaxCrossEntropy()
	lossGradCheck(t, logits, func() float32 { return s.Forward(logits, []int{0, 4, 2, 2}) }, s.Grad, 1e-2, 2e-3)
}

func TestSoftmaxCrossEntropyLargeLogits(t *testing.T) {
	s := NewSoftmaxCrossEntropy()
	logits := FromData([]float32{1e30, 0, -1e30, 1000, 1001, 999}, 2, 3)
	loss := s.Forward(logits, []int{0, 1})
	// Row 0: loss 0. Row 1: log(e^-1 + 1 + e^-2).
	want := (0 + math.Log(math.Exp(-1)+1+math.Exp(-2))) / 2
	require.InDelta(t, want, float64(loss), 1e-6)
	for _, g := range s.Grad().Data {
		require.False(t, math.IsNaN(float64(g)) || math.IsInf(float64(g), 0))
	}
	require.InDelta(t, 0, float64(s.Grad().Data[0]), 1e-7)
}
