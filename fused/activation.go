package fused

import (
	"fmt"
	"math"

	"github.com/simdla/simdla/kernels"
)

// Float is the element types the packages built on the engine serve.
type Float interface{ float32 | float64 }

// Activation is an elementwise non-linearity.
type Activation uint8

const (
	// Identity leaves x as it is.
	Identity Activation = iota
	// ReLU is max(x, 0).
	ReLU
	// ReLU6 is min(max(x, 0), 6).
	ReLU6
	// LeakyReLU is x for x >= 0 and slope*x below.
	LeakyReLU
	// Sigmoid is 1/(1+exp(-x)).
	Sigmoid
	// Tanh is tanh(x).
	Tanh
	// GELU is x*Φ(x), Φ the standard normal distribution function, exactly
	// (with erfc, not tanh's approximation), as PyTorch's default; 0 at -Inf.
	GELU
)

var activationNames = [...]string{"Identity", "ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "GELU"}

func (a Activation) String() string {
	if a.Valid() {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// Valid reports whether a is one of the activations.
func (a Activation) Valid() bool { return int(a) < len(activationNames) }

// check panics unless a is one of the activations.
func (a Activation) check() {
	if !a.Valid() {
		panic(fmt.Sprintf("fused: unknown activation %d", uint8(a)))
	}
}

// Activate sets x[i] = a(x[i]), with slope LeakyReLU's slope below zero
// (ignored by the others). NaN stays NaN. The functions other than ReLU
// compute in float64 and round once.
func Activate[T Float](a Activation, slope T, x []T) {
	a.check()
	activate(vecOf[T](), a, slope, x)
}

// activate is Activate with the kernels of v.
func activate[T Float](v *kernels.Vec[T], a Activation, slope T, x []T) {
	switch a {
	case Identity:
	case ReLU:
		v.Relu(x, x)
	case ReLU6:
		for i, e := range x {
			x[i] = min(max(e, 0), 6) // NaN: max and min return NaN
		}
	case LeakyReLU:
		for i, e := range x {
			if e < 0 {
				x[i] = slope * e
			}
		}
	case Sigmoid:
		for i, e := range x {
			x[i] = T(1 / (1 + math.Exp(-float64(e))))
		}
	case Tanh:
		for i, e := range x {
			x[i] = T(math.Tanh(float64(e)))
		}
	case GELU:
		for i, e := range x {
			x[i] = T(gelu(float64(e)))
		}
	}
}

// gelu is x*Φ(x), with Φ(x) = erfc(-x/√2)/2, which keeps its digits where x
// is negative and 1+erf(x/√2) would cancel them; its limit 0 at -Inf.
func gelu(x float64) float64 {
	if math.IsInf(x, -1) {
		return 0
	}
	return x * 0.5 * math.Erfc(-x/math.Sqrt2)
}
