package nn

import (
	"fmt"
	"math"

	"github.com/simdla/simdla/fused"
)

// Activation is a layer that applies a non-linearity to each element of a
// tensor of any shape: LeakyReLU, Sigmoid, Tanh or GELU (ReLU has a layer
// of its own, fused into the layer before it). Its forward pass is
// fused.Activate's; its backward pass multiplies dy by the derivative,
// taken from the output where it can (Sigmoid: y(1-y), Tanh: 1-y²) and
// from the input otherwise.
type Activation struct {
	act   fused.Activation
	slope float32
	x     *Tensor
	y, dx Tensor
}

// NewLeakyReLU returns x for x > 0 and slope*x elsewhere (PyTorch's
// default slope is 0.01).
func NewLeakyReLU(slope float32) *Activation {
	return &Activation{act: fused.LeakyReLU, slope: slope}
}

// NewSigmoid returns 1/(1+exp(-x)).
func NewSigmoid() *Activation { return &Activation{act: fused.Sigmoid} }

// NewTanh returns tanh(x).
func NewTanh() *Activation { return &Activation{act: fused.Tanh} }

// NewGELU returns x*Φ(x), Φ the standard normal distribution function,
// exactly (PyTorch's default, not its tanh approximation).
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
	if len(x.Shape) == 0 {
		badShape(a, "input", x.Shape, "at least one axis")
	}
	a.x = x
	a.y.Copy(x)
	fused.Activate(a.act, a.slope, a.y.Data)
	return &a.y
}

// Backward returns dy times the activation's derivative at each element.
func (a *Activation) Backward(dy *Tensor) *Tensor {
	checkGrad(a, dy, &a.y)
	a.dx.resize(dy.Shape...)
	g, dx, x, y := dy.Data, a.dx.Data, a.x.Data, a.y.Data
	switch a.act {
	case fused.LeakyReLU:
		for i, v := range x[:len(dx)] {
			d := g[i]
			if !(v > 0) {
				d *= a.slope
			}
			dx[i] = d
		}
	case fused.Sigmoid:
		for i, v := range y[:len(dx)] {
			dx[i] = g[i] * v * (1 - v)
		}
	case fused.Tanh:
		for i, v := range y[:len(dx)] {
			dx[i] = g[i] * (1 - v*v)
		}
	case fused.GELU:
		// d/dx x*Φ(x) = Φ(x) + x*φ(x), in float64.
		for i, v := range x[:len(dx)] {
			e := float64(v)
			d := 0.5*math.Erfc(-e/math.Sqrt2) + e*math.Exp(-e*e/2)/math.Sqrt(2*math.Pi)
			dx[i] = float32(float64(g[i]) * d)
		}
	}
	return &a.dx
}
