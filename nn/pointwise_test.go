package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// isFused reports whether the activation layer l was fused into the layer
// before it.
func isFused(t *testing.T, l Layer) bool {
	switch a := l.(type) {
	case *ReLU:
		return a.fused
	case *Activation:
		return a.fused
	}
	t.Fatalf("%s is not an activation layer", l)
	return false
}

// TestFusedActivations checks that a Sequential fuses exactly the
// activations whose derivative follows from their output into the Linear
// or Conv2d before them, and that fused and apart they give the same
// output, input gradient and parameter gradients, bit for bit.
func TestFusedActivations(t *testing.T) {
	acts := []struct {
		make func() Layer
		fuse bool
	}{
		{func() Layer { return NewReLU() }, true},
		{func() Layer { return NewLeakyReLU(0.1) }, true},
		{func() Layer { return NewLeakyReLU(0) }, true},
		{func() Layer { return NewSigmoid() }, true},
		{func() Layer { return NewTanh() }, true},
		{func() Layer { return NewLeakyReLU(-0.2) }, false},
		{func() Layer { return NewGELU() }, false},
	}
	prevs := []struct {
		make  func() Layer
		input []int
	}{
		{func() Layer { l := NewLinear(5, 4, NewRand(60)); fill(l.B.Value, 61); return l }, []int{3, 5}},
		{func() Layer { c := NewConv2d(2, 3, 3, 1, 1, NewRand(62)); fill(c.B.Value, 63); return c }, []int{2, 2, 4, 4}},
		{func() Layer { c := NewConv2d(2, 4, 3, 2, 0, NewRand(64)); fill(c.B.Value, 65); return c }, []int{3, 2, 7, 5}},
	}
	for _, a := range acts {
		for _, p := range prevs {
			prev, act := p.make(), a.make()
			s := NewSequential(prev, act)
			t.Run(s.String(), func(t *testing.T) {
				require.Equal(t, a.fuse, isFused(t, act))
				apart, actApart := p.make(), a.make()
				require.False(t, isFused(t, actApart))

				x := fill(NewTensor(p.input...), 66)
				y := s.Forward(x)
				want := actApart.Forward(apart.Forward(x))
				require.Equal(t, want.Shape, y.Shape)
				require.Equal(t, want.Data, y.Data)

				dy := fill(NewTensor(y.Shape...), 67)
				s.ZeroGrad()
				dx := s.Backward(dy)
				ZeroGrad(apart.Params())
				wantDx := apart.Backward(actApart.Backward(dy))
				require.Equal(t, wantDx.Data, dx.Data)
				for i, q := range apart.Params() {
					require.Equal(t, q.Grad.Data, prev.Params()[i].Grad.Data, "gradient of %s", q.Name)
				}
				gradCheck(t, s, x, 1e-3, 5e-3)
			})
		}
	}
}

// TestFusedNetworkAllocatesNothing runs a training step of a network with
// every kind of fused activation and checks that, after the first, it
// allocates nothing.
func TestFusedNetworkAllocatesNothing(t *testing.T) {
	rng := NewRand(68)
	net := NewSequential(NewConv2d(1, 3, 3, 1, 1, rng), NewLeakyReLU(0.01), NewConv2d(3, 2, 3, 2, 1, rng), NewTanh(),
		NewFlatten(), NewLinear(8, 6, rng), NewSigmoid(), NewLinear(6, 4, rng), NewReLU(), NewLinear(4, 3, rng))
	for _, i := range []int{1, 3, 6, 8} {
		require.True(t, isFused(t, net.Layers[i]), "%s is fused", net.Layers[i])
	}
	requireNoStepAllocs(t, net, fill(NewTensor(2, 1, 4, 4), 69), fill(NewTensor(2, 3), 70))
}
