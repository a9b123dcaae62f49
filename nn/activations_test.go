package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestActivationsAnyShape checks the activations' gradients on tensors of
// one, three and four axes, and LeakyReLU's with PyTorch's default slope
// and a negative one.
func TestActivationsAnyShape(t *testing.T) {
	for _, l := range []Layer{NewReLU(), NewLeakyReLU(0.01), NewLeakyReLU(-0.3), NewSigmoid(), NewTanh(), NewGELU(), NewSoftmax()} {
		for _, shape := range [][]int{{7}, {2, 3, 4}, {2, 1, 3, 3}} {
			t.Run(l.String(), func(t *testing.T) {
				gradCheck(t, l, fill(NewTensor(shape...), 80), 1e-2, 2e-3)
			})
		}
	}
}

// TestLeakyReLUValues checks values and derivatives by hand, at 0 too
// (PyTorch's derivative there is the slope).
func TestLeakyReLUValues(t *testing.T) {
	l := NewLeakyReLU(-0.5)
	y := l.Forward(FromData([]float32{-4, 0, 2}, 3))
	require.Equal(t, []float32{2, 0, 2}, y.Data)
	require.Equal(t, []float32{-5, -5, 10}, l.Backward(FromData([]float32{10, 10, 10}, 3)).Data)
}

// TestSoftmaxLastAxis checks that Softmax works along the last axis of any
// shape: each run of it sums to 1, equals the softmax of the same rows as
// a matrix, and stays finite for extreme logits.
func TestSoftmaxLastAxis(t *testing.T) {
	x := fill(NewTensor(2, 3, 4), 81)
	for i := range x.Data {
		x.Data[i] *= 5
	}
	x.Data[0], x.Data[1] = 1e30, -1e30
	y := NewSoftmax().Forward(x)
	require.Equal(t, []int{2, 3, 4}, y.Shape)
	require.Equal(t, NewSoftmax().Forward(x.Reshape(6, 4)).Data, y.Data)
	for r := range 6 {
		var sum float64
		for _, v := range y.Data[4*r : 4*r+4] {
			require.False(t, math.IsNaN(float64(v)))
			sum += float64(v)
		}
		require.InDelta(t, 1, sum, 1e-6, "run %d", r)
	}
	require.Equal(t, []float32{1, 0, 0, 0}, y.Data[:4])
	// One axis: a single run.
	p := NewSoftmax().Forward(FromData([]float32{0, float32(math.Log(3))}, 2))
	require.InDeltaSlice(t, []float64{0.25, 0.75}, widen32(p.Data), 1e-7)
}

// TestActivationErrors checks the activations' panics: scalar inputs,
// gradients of the wrong shape, Backward before Forward, bad slopes.
func TestActivationErrors(t *testing.T) {
	for _, l := range []Layer{NewReLU(), NewLeakyReLU(0.2), NewSigmoid(), NewTanh(), NewGELU(), NewSoftmax()} {
		require.PanicsWithValue(t, "nn: "+l.String()+": Backward before Forward", func() { l.Backward(NewTensor(2, 3)) })
		require.PanicsWithValue(t, "nn: "+l.String()+" got input [], want at least one axis", func() { l.Forward(NewTensor()) })
		l.Forward(NewTensor(2, 3))
		require.PanicsWithValue(t, "nn: "+l.String()+" got gradient [3 2], want [2 3]", func() { l.Backward(NewTensor(3, 2)) })
	}
	require.PanicsWithValue(t, "nn: LeakyReLU(NaN): want a finite slope", func() { NewLeakyReLU(float32(math.NaN())) })
	require.PanicsWithValue(t, "nn: LeakyReLU(+Inf): want a finite slope", func() { NewLeakyReLU(float32(math.Inf(1))) })
}

// TestDropoutChecks checks Dropout's arguments, that p = 0 keeps every
// element, and that a fresh generator of the same seed repeats a whole
// run of masks.
func TestDropoutChecks(t *testing.T) {
	for _, p := range []float32{-0.1, 1, float32(math.NaN())} {
		require.Panics(t, func() { NewDropout(p, NewRand(1)) }, "p = %g", p)
	}
	require.PanicsWithValue(t, "nn: Dropout(0.5): want a probability in [0, 1) and a generator", func() { NewDropout(0.5, nil) })
	x := fill(NewTensor(3, 5), 82)
	require.Equal(t, x.Data, NewDropout(0, NewRand(2)).Forward(x).Data)

	a, b := NewDropout(0.5, NewRand(3)), NewDropout(0.5, NewRand(3))
	for range 3 {
		require.Equal(t, a.Forward(x).Data, b.Forward(x).Data)
	}
	d := NewDropout(0.5, NewRand(4))
	require.PanicsWithValue(t, "nn: Dropout(0.5) got input [], want at least one axis", func() { d.Forward(NewTensor()) })
	d.Forward(x)
	require.PanicsWithValue(t, "nn: Dropout(0.5) got gradient [5 3], want [3 5]", func() { d.Backward(NewTensor(5, 3)) })
	requireNoStepAllocs(t, d, x, x)
}

// TestAvgPoolValues checks AvgPool2d by hand, the padding counted and not
// (PyTorch's count_include_pad), and the pools' panics.
func TestAvgPoolValues(t *testing.T) {
	x := FromData([]float32{1, 2, 3, 4}, 1, 1, 2, 2)
	a := NewAvgPool2d(2, 1, 1)
	require.Equal(t, []float32{0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1}, a.Forward(x).Data)
	a.CountPad = false
	require.Equal(t, []float32{1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4}, a.Forward(x).Data)
	require.Equal(t, "AvgPool2d(2x2, stride 1, pad 1, count_include_pad false)", a.String())
	gradCheck(t, a, fill(NewTensor(2, 2, 3, 5), 83), 1e-2, 1e-3)

	require.PanicsWithValue(t, "nn: AvgPool2d(3, stride 1, pad 2): invalid sizes (the padding at most half the window)",
		func() { NewAvgPool2d(3, 1, 2) })
	g := NewGlobalAvgPool2d()
	require.PanicsWithValue(t, "nn: GlobalAvgPool2d got input [2 3 4], want [N C H W]", func() { g.Forward(NewTensor(2, 3, 4)) })
	g.Forward(NewTensor(2, 3, 4, 4))
	require.PanicsWithValue(t, "nn: GlobalAvgPool2d got gradient [2 3], want [2 3 1 1]", func() { g.Backward(NewTensor(2, 3)) })
	requireNoStepAllocs(t, a, x, NewTensor(1, 1, 3, 3))
}

// TestConvTranspose2dValues checks the layout by hand: each input pixel
// stamps its filter W[in out], scaled, at stride 2; the output padding
// adds a row and a column of bias alone.
func TestConvTranspose2dValues(t *testing.T) {
	c := NewConvTranspose2d(1, 2, 2, 2, 0, 1, NewRand(84))
	for i := range c.W.Value.Data {
		c.W.Value.Data[i] = float32(i)
	}
	c.B.Value.Data[0], c.B.Value.Data[1] = 10, 20
	y := c.Forward(FromData([]float32{1, 2}, 1, 1, 1, 2))
	require.Equal(t, []int{1, 2, 3, 5}, y.Shape)
	require.Equal(t, []float32{
		10, 11, 10, 12, 10,
		12, 13, 14, 16, 10,
		10, 10, 10, 10, 10,
		24, 25, 28, 30, 20,
		26, 27, 32, 34, 20,
		20, 20, 20, 20, 20}, y.Data)
	require.Equal(t, []string{"weight", "bias"}, []string{c.Params()[0].Name, c.Params()[1].Name})
	require.PanicsWithValue(t, "nn: ConvTranspose2d(1->2, 2x2, stride 2, pad 0, output padding 2): invalid sizes (the output padding below the stride)",
		func() { NewConvTranspose2d(1, 2, 2, 2, 0, 2, NewRand(1)) })
	require.PanicsWithValue(t, "nn: ConvTranspose2d(1->2, 2x2, stride 2, pad 0, output padding 1) got gradient [1 2 3 4], want [1 2 3 5]",
		func() { c.Backward(NewTensor(1, 2, 3, 4)) })
}
