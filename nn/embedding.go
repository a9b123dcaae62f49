package nn

import (
	"fmt"
	"math/rand/v2"
)

// Embedding maps indices to rows of its weight [Num Dim], PyTorch's
// nn.Embedding: an input of any shape, its elements indices held exactly
// as float32 (integers below 2^24), gives an output of that shape and one
// more axis of Dim. Its weight is drawn from N(0, 1).
type Embedding struct {
	Num, Dim int
	W        *Param

	x     *Tensor
	shape []int // the output's
	y, dx Tensor
}

// NewEmbedding returns an embedding of num indices into dim values, its
// weight drawn from rng.
func NewEmbedding(num, dim int, rng *rand.Rand) *Embedding {
	if num <= 0 || dim <= 0 || num > 1<<24 {
		panic(fmt.Sprintf("nn: Embedding(%d, %d): sizes must be positive, the indices at most 2^24", num, dim))
	}
	e := &Embedding{Num: num, Dim: dim, W: newParam("weight", num, dim)}
	for i := range e.W.Value.Data {
		e.W.Value.Data[i] = float32(rng.NormFloat64())
	}
	return e
}

func (e *Embedding) String() string { return fmt.Sprintf("Embedding(%d, %d)", e.Num, e.Dim) }

// Params returns the weight.
func (e *Embedding) Params() []*Param { return []*Param{e.W} }

// Forward returns the rows of the weight that x's indices name. It panics,
// naming the index and where it is, unless every element of x is an
// integer in [0, Num).
func (e *Embedding) Forward(x *Tensor) *Tensor {
	for i, v := range x.Data {
		if k := int(v); float32(k) != v || k < 0 || k >= e.Num {
			panic(fmt.Sprintf("nn: %s got index %v at %d of input %v, want an integer in [0, %d)", e, v, i, x.Shape, e.Num))
		}
	}
	e.x = x
	e.shape = append(append(e.shape[:0], x.Shape...), e.Dim)
	e.y.resize(e.shape...)
	for i, v := range x.Data {
		k := int(v)
		copy(e.y.Data[i*e.Dim:(i+1)*e.Dim], e.W.Value.Data[k*e.Dim:(k+1)*e.Dim])
	}
	return &e.y
}

// Backward adds each row of dy to the weight's gradient row its index
// named, in order, and returns zeros of x's shape: the indices have no
// gradient.
func (e *Embedding) Backward(dy *Tensor) *Tensor {
	checkGrad(e, dy, &e.y)
	for i, v := range e.x.Data {
		k := int(v)
		vec().Axpy(1, dy.Data[i*e.Dim:(i+1)*e.Dim], e.W.Grad.Data[k*e.Dim:(k+1)*e.Dim])
	}
	e.dx.resize(e.x.Shape...)
	e.dx.Zero()
	return &e.dx
}
