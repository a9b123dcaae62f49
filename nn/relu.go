package nn

import "fmt"

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
	for i, v := range x.Data {
		r.y.Data[i] = max(v, 0)
	}
	return &r.y
}

// Backward returns dy where the input was positive and 0 elsewhere.
func (r *ReLU) Backward(dy *Tensor) *Tensor {
	checkGrad(r, dy, &r.y)
	r.dx.resize(dy.Shape...)
	for i, v := range r.x.Data {
		if v > 0 {
			r.dx.Data[i] = dy.Data[i]
		} else {
			r.dx.Data[i] = 0
		}
	}
	return &r.dx
}

var _ fmt.Stringer = (*ReLU)(nil)
