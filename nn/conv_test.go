package nn

import (
	"math"
	"testing"

	"github.com/simdla/simdla/internal/par"
	"github.com/stretchr/testify/require"
)

func TestConv2dGradient(t *testing.T) {
	for _, c := range []struct{ r, stride, pad int }{{3, 1, 1}, {3, 2, 0}, {5, 1, 2}} {
		l := NewConv2d(2, 3, c.r, c.stride, c.pad, NewRand(1))
		fill(l.B.Value, 2)
		gradCheck(t, l, fill(NewTensor(2, 2, 6, 6), 3), 1e-2, 3e-3)
	}
}

// distinct returns a tensor of the given shape whose elements are a
// shuffled ladder 0.01 apart, so that no finite difference of step below
// 0.005 changes which element of a window is largest.
func distinct(seed uint64, shape ...int) *Tensor {
	t := NewTensor(shape...)
	for i, j := range NewRand(seed).Perm(t.Len()) {
		t.Data[i] = 0.01 * float32(j-t.Len()/2)
	}
	return t
}

func TestMaxPool2dGradient(t *testing.T) {
	gradCheck(t, NewMaxPool2d(2, 0), distinct(4, 2, 3, 6, 6), 1e-3, 2e-3)
	gradCheck(t, NewMaxPool2d(3, 2), distinct(5, 2, 2, 7, 7), 1e-3, 2e-3)
}

func TestLeNetGradientWithFusedReLUs(t *testing.T) {
	rng := NewRand(6)
	s := NewSequential(NewConv2d(1, 2, 3, 1, 1, rng), NewReLU(), NewMaxPool2d(2, 0),
		NewFlatten(), NewLinear(2*4*4, 5, rng), NewReLU(), NewLinear(5, 3, rng))
	require.True(t, s.Layers[1].(*ReLU).fused)
	gradCheck(t, s, distinct(7, 2, 1, 8, 8), 1e-3, 5e-3)
}

// TestReLUGradientInMaxPool checks that a Sequential moves the gradient of
// a ReLU right before a MaxPool2d into the pool, whether the ReLU is fused
// into a convolution or not and whether the windows overlap or not, and
// that the gradients are those of the layers apart, bit for bit, with
// zeros of both signs, ties and a NaN among the inputs.
func TestReLUGradientInMaxPool(t *testing.T) {
	for _, c := range []struct {
		name  string
		first func() Layer // nil: the ReLU comes first
		pool  func() *MaxPool2d
		input []int
	}{
		{"fused, 2x2", func() Layer { return NewConv2d(2, 3, 3, 1, 1, NewRand(70)) }, func() *MaxPool2d { return NewMaxPool2d(2, 0) }, []int{2, 2, 6, 6}},
		{"fused, 3x3 stride 2", func() Layer { return NewConv2d(2, 3, 3, 1, 1, NewRand(71)) }, func() *MaxPool2d { return NewMaxPool2d(3, 2) }, []int{2, 2, 7, 7}},
		{"apart, 2x2", nil, func() *MaxPool2d { return NewMaxPool2d(2, 0) }, []int{3, 2, 6, 8}},
		{"apart, 3x3 stride 2", nil, func() *MaxPool2d { return NewMaxPool2d(3, 2) }, []int{3, 2, 9, 7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			build := func() []Layer {
				ls := []Layer{NewReLU(), c.pool()}
				if c.first != nil {
					ls = append([]Layer{c.first()}, ls...)
				}
				return ls
			}
			layers, apart := build(), build()
			s := NewSequential(layers...)
			relu, pool := layers[len(layers)-2].(*ReLU), layers[len(layers)-1].(*MaxPool2d)
			require.True(t, relu.pooled)
			require.True(t, pool.rectified)

			x := fill(NewTensor(c.input...), 72)
			for i := 0; i < len(x.Data); i += 5 {
				x.Data[i] = 0 // ties at zero
			}
			x.Data[3] = float32(math.Copysign(0, -1))
			if c.first == nil {
				x.Data[7] = float32(math.NaN())
			}
			y := s.Forward(x)
			want := x
			for _, l := range apart {
				want = l.Forward(want)
			}
			require.Equal(t, bitsOf(want.Data), bitsOf(y.Data))

			dy := fill(NewTensor(y.Shape...), 73)
			s.ZeroGrad()
			dx := s.Backward(dy)
			ZeroGrad(apart[0].Params())
			wantDx := dy
			for i := len(apart) - 1; i >= 0; i-- {
				wantDx = apart[i].Backward(wantDx)
			}
			require.Equal(t, bitsOf(wantDx.Data), bitsOf(dx.Data))
			for i, q := range apart[0].Params() {
				require.Equal(t, q.Grad.Data, layers[0].Params()[i].Grad.Data, "gradient of %s", q.Name)
			}
		})
	}
	require.False(t, NewSequential(NewSigmoid(), NewMaxPool2d(2, 0)).Layers[1].(*MaxPool2d).rectified)
}

// bitsOf returns the bits of each element of v, so that NaNs and zeros'
// signs compare.
func bitsOf(v []float32) []uint32 {
	b := make([]uint32, len(v))
	for i, f := range v {
		b[i] = math.Float32bits(f)
	}
	return b
}

func newLeNetTrainer(seed uint64) *trainer {
	rng := NewRand(seed)
	x, labels := blobs(40, 64, 3, 9)
	net := NewSequential(NewConv2d(1, 4, 3, 1, 1, rng), NewReLU(), NewMaxPool2d(2, 0),
		NewConv2d(4, 8, 3, 1, 0, rng), NewReLU(), NewMaxPool2d(2, 0),
		NewFlatten(), NewLinear(8, 3, rng))
	net.SkipInputGrad = true
	sgd := NewSGD(net.Params(), 0.05)
	sgd.Momentum = 0.9
	return &trainer{net: net, loss: NewSoftmaxCrossEntropy(), opt: sgd,
		batches: NewBatches(x.Reshape(40, 1, 8, 8), labels, 16, rng)}
}

func TestConvTrainingDeterministicAndAllocationFree(t *testing.T) {
	defer par.SetThreads(0)
	run := func(threads int) [][]float32 {
		par.SetThreads(threads)
		tr := newLeNetTrainer(11)
		for range 8 {
			tr.step()
		}
		return weights(tr.net)
	}
	require.Equal(t, run(1), run(2))

	tr := newLeNetTrainer(12)
	before := tr.epochLoss()
	for range 8 {
		tr.step()
	}
	require.Zero(t, testing.AllocsPerRun(10, func() { tr.step() }))
	for range 40 {
		tr.step()
	}
	require.Less(t, tr.epochLoss(), before/2)
}

func TestConvShapeErrors(t *testing.T) {
	c := NewConv2d(1, 6, 5, 1, 2, NewRand(1))
	require.PanicsWithValue(t, "nn: Conv2d(1->6, 5x5, pad 2) got input [8 3 28 28], want [N 1 H W], H and W at least 1",
		func() { c.Forward(NewTensor(8, 3, 28, 28)) })
	m := NewMaxPool2d(2, 0)
	require.PanicsWithValue(t, "nn: MaxPool2d(2x2) got input [8 784], want [N C H W], H and W at least 2",
		func() { m.Forward(NewTensor(8, 784)) })
}

func TestSkipInputGrad(t *testing.T) {
	skipInputGrad(t, NewSequential(NewConv2d(1, 2, 3, 1, 1, NewRand(3)), NewReLU(), NewFlatten(), NewLinear(2*4*4, 3, NewRand(4))))
	// A layer without parameters first (the MLP's Flatten): the skip
	// stops at the first layer that has some.
	skipInputGrad(t, NewSequential(NewFlatten(), NewLinear(16, 5, NewRand(3)), NewReLU(), NewLinear(5, 3, NewRand(4))))
}

func skipInputGrad(t *testing.T, s *Sequential) {
	x, dy := distinct(1, 2, 1, 4, 4), fill(NewTensor(2, 3), 2)
	s.Forward(x)
	require.NotNil(t, s.Backward(dy))
	want := weights(s) // the values; now the gradients:
	grads := func() [][]float32 {
		var g [][]float32
		for _, p := range s.Params() {
			g = append(g, append([]float32(nil), p.Grad.Data...))
		}
		return g
	}
	full := grads()
	s.ZeroGrad()
	s.SkipInputGrad = true
	s.Forward(x)
	require.Nil(t, s.Backward(dy))
	require.Equal(t, full, grads(), "the same parameter gradients")
	require.Equal(t, want, weights(s))
}
