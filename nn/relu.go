package nn

import "github.com/simdla/simdla/fused"

// ReLU is max(x, 0), elementwise, on a tensor of any shape. Inside a
// Sequential, right after a Linear or Conv2d, it is fused into that
// layer's epilogue (pointwise.go): its Forward returns its input, already
// rectified, and its Backward is unchanged, since the rectified input is
// positive exactly where the original was. Right before a MaxPool2d, its
// gradient is applied by the pool, to the pooled gradient (gateInPool),
// and its Backward passes the gradient through.
type ReLU struct {
	pointwise
	pooled bool // the MaxPool2d after it applies its gradient
}

// NewReLU returns a ReLU layer.
func NewReLU() *ReLU { return &ReLU{} }

func (r *ReLU) String() string { return "ReLU" }

// Params returns nil: ReLU has none.
func (r *ReLU) Params() []*Param { return nil }

// Forward returns max(x, 0).
func (r *ReLU) Forward(x *Tensor) *Tensor {
	y, compute := r.forward(r, x)
	if compute {
		vec().Relu(x.Data, y.Data)
	}
	return y
}

// Backward returns dy where the input was positive and 0 elsewhere.
func (r *ReLU) Backward(dy *Tensor) *Tensor {
	if r.pooled {
		checkGrad(r, dy, &r.y)
		return dy
	}
	g, x, _, dx := r.backward(r, dy)
	vec().ReluGrad(x, g, dx)
	return &r.dx
}

// epilogue implements pointwiseAct: ReLU always fuses.
func (r *ReLU) epilogue() (fused.Activation, float32, bool) { return fused.ReLU, 0, true }

var _ pointwiseAct = (*ReLU)(nil)
