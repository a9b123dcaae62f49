package nn

import (
	"fmt"
	"math"

	"github.com/simdla/simdla/fused"
)

// Activation is a layer that applies a non-linearity to each element of a
// tensor of any shape: LeakyReLU, Sigmoid, Tanh or GELU (ReLU has a layer
// of its own). Its forward pass is fused.Activate's; its backward pass
// multiplies dy by the derivative, taken from the output where it can
// (Sigmoid: y(1-y), Tanh: 1-y², LeakyReLU: 1 or the slope by the sign)
// and from the input for GELU. Inside a Sequential, right after a Linear
// or Conv2d, all but GELU and a LeakyReLU of negative slope are fused into
// that layer's epilogue (pointwise.go).
type Activation struct {
	pointwise
	act   fused.Activation
	slope float32
}

// NewLeakyReLU returns x for x > 0 and slope*x elsewhere, PyTorch's
// nn.LeakyReLU(negative_slope); PyTorch's default slope is 0.01. It panics
// unless the slope is finite.
func NewLeakyReLU(slope float32) *Activation {
	if math.IsNaN(float64(slope)) || math.IsInf(float64(slope), 0) {
		panic(fmt.Sprintf("nn: LeakyReLU(%g): want a finite slope", slope))
	}
	return &Activation{act: fused.LeakyReLU, slope: slope}
}

// NewSigmoid returns 1/(1+exp(-x)).
func NewSigmoid() *Activation { return &Activation{act: fused.Sigmoid} }

// NewTanh returns tanh(x).
func NewTanh() *Activation { return &Activation{act: fused.Tanh} }

// NewGELU returns x*Φ(x), Φ the standard normal distribution function,
// exactly (PyTorch's default approximate='none', not its tanh form).
func NewGELU() *Activation { return &Activation{act: fused.GELU} }

func (a *Activation) String() string {
	if a.act == fused.LeakyReLU {
		return fmt.Sprintf("LeakyReLU(%g)", a.slope)
	}
	return a.act.String()
}

// Params returns nil: activations have none.
func (a *Activation) Params() []*Param { return nil }

// Forward returns the activation of every element of x.
func (a *Activation) Forward(x *Tensor) *Tensor {
	y, compute := a.forward(a, x)
	if compute {
		copy(y.Data, x.Data)
		fused.Activate(a.act, a.slope, y.Data)
	}
	return y
}

// Backward returns dy times the activation's derivative at each element.
func (a *Activation) Backward(dy *Tensor) *Tensor {
	g, x, y, dx := a.backward(a, dy)
	switch a.act {
	case fused.LeakyReLU:
		// The factor's bits are selected, not branched on: the signs are
		// random (see ReLU.Backward). Fused, x is the output, of the
		// input's sign where the slope is at least 0 (epilogue).
		one, slope := math.Float32bits(1), math.Float32bits(a.slope)
		for i, v := range x {
			b := slope
			if v > 0 {
				b = one
			}
			dx[i] = g[i] * math.Float32frombits(b)
		}
	case fused.Sigmoid:
		for i, v := range y {
			dx[i] = g[i] * v * (1 - v)
		}
	case fused.Tanh:
		for i, v := range y {
			dx[i] = g[i] * (1 - v*v)
		}
	case fused.GELU:
		// d/dx x*Φ(x) = Φ(x) + x*φ(x), in float64.
		for i, v := range x {
			e := float64(v)
			d := 0.5*math.Erfc(-e/math.Sqrt2) + e*math.Exp(-e*e/2)/math.Sqrt(2*math.Pi)
			dx[i] = float32(float64(g[i]) * d)
		}
	}
	return &a.dx
}

// epilogue implements pointwiseAct: all but GELU, whose derivative needs
// its input, and LeakyReLU with a negative slope, whose output's sign is
// not its input's, fuse.
func (a *Activation) epilogue() (fused.Activation, float32, bool) {
	return a.act, a.slope, a.act != fused.GELU && (a.act != fused.LeakyReLU || a.slope >= 0)
}

var _ pointwiseAct = (*Activation)(nil)
