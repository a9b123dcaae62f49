package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Dropout zeroes each element of its input with probability P in training
// mode, each drawn from its own seeded generator, and scales the others by
// 1/(1-P), so that the expected output is the input; in evaluation mode it
// is the identity. The same seed and calls give the same masks.
type Dropout struct {
	P float32

	rng      *rand.Rand
	training bool
	mask     Tensor // 0 or 1/(1-P) per element of the last training input
	y, dx    Tensor
}

// NewDropout returns dropout with probability p in [0, 1), its masks drawn
// from rng.
func NewDropout(p float32, rng *rand.Rand) *Dropout {
	if !(p >= 0 && p < 1) || rng == nil {
		panic(fmt.Sprintf("nn: Dropout(%g): want a probability in [0, 1) and a generator", p))
	}
	return &Dropout{P: p, rng: rng, training: true}
}

func (d *Dropout) String() string { return fmt.Sprintf("Dropout(%g)", d.P) }

// Params returns nil: Dropout has none.
func (d *Dropout) Params() []*Param { return nil }

// SetTraining implements Moder.
func (d *Dropout) SetTraining(training bool) { d.training = training }

// Forward returns x with elements dropped and the rest scaled (training),
// or x itself (evaluation).
func (d *Dropout) Forward(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		badShape(d, "input", x.Shape, "at least one axis")
	}
	if !d.training {
		d.y.view(x.Data, x.Shape...)
		return x
	}
	d.mask.resize(x.Shape...)
	// The mask's bits are selected, not branched on: the draws are random
	// (see ReLU.Backward).
	keep := math.Float32bits(1 / (1 - d.P))
	for i := range d.mask.Data {
		b := keep
		if d.rng.Float32() < d.P {
			b = 0
		}
		d.mask.Data[i] = math.Float32frombits(b)
	}
	return d.y.Mul(x, &d.mask)
}

// Backward returns dy masked and scaled as the last Forward's input was
// (training), or dy itself (evaluation).
func (d *Dropout) Backward(dy *Tensor) *Tensor {
	checkGrad(d, dy, &d.y)
	if !d.training {
		return dy
	}
	return d.dx.Mul(dy, &d.mask)
}
