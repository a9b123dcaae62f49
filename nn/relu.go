package nn

import (
	"fmt"
	"math"
)

// ReLU is max(x, 0), elementwise, on a tensor of any shape. Inside a
// Sequential, right after a layer that can apply it in its own epilogue
// (Linear, Conv2d), the ReLU is fused there: its Forward returns its input,
// already rectified, and its Backward is unchanged, since the rectified
// input is positive exactly where the original was.
type ReLU struct {
	fused bool
	x     *Tensor
	y, dx Tensor
}

// NewReLU returns a ReLU layer.
func NewReLU() *ReLU { return &ReLU{} }

func (r *ReLU) String() string { return "ReLU" }

// Params returns nil: ReLU has none.
func (r *ReLU) Params() []*Param { return nil }

// Forward returns max(x, 0).
func (r *ReLU) Forward(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		badShape(r, "input", x.Shape, "at least one axis")
	}
	r.x = x
	if r.fused {
		r.y.view(x.Data, x.Shape...)
		return x
	}
	r.y.resize(x.Shape...)
	vec().Relu(x.Data, r.y.Data)
	return &r.y
}

// Backward returns dy where the input was positive and 0 elsewhere.
func (r *ReLU) Backward(dy *Tensor) *Tensor {
	checkGrad(r, dy, &r.y)
	r.dx.resize(dy.Shape...)
	// A select of bits, not a branch: the signs of a layer's inputs are
	// random, and the branch's mispredictions made this loop 7 times as
	// slow (65536 normal inputs, Zen 5).
	x := r.x.Data
	g, dx := dy.Data[:len(x)], r.dx.Data[:len(x)]
	for i, v := range x {
		b := math.Float32bits(g[i])
		if !(v > 0) {
			b = 0
		}
		dx[i] = math.Float32frombits(b)
	}
	return &r.dx
}

var _ fmt.Stringer = (*ReLU)(nil)
