package nn

import (
	"fmt"

	"github.com/simdla/simdla/fused"
)

// The operations on tensors that layers and users need. Each writes its
// result into its receiver, resized to the result's shape (its storage
// reused where large enough), and returns the receiver, so that a loop
// that keeps its tensors allocates nothing. The receiver may be one of the
// operands where the operation is elementwise. They panic, naming the
// operation and the shapes, where the shapes do not fit.

// Copy sets t to a copy of a.
func (t *Tensor) Copy(a *Tensor) *Tensor {
	t.resize(a.Shape...)
	copy(t.Data, a.Data)
	return t
}

// Add sets t = a + b, elementwise.
func (t *Tensor) Add(a, b *Tensor) *Tensor {
	t.elementwise("Add", a, b)
	switch {
	case aliases(t, a):
		vec().Axpy(1, b.Data, t.Data)
	case aliases(t, b):
		vec().Axpy(1, a.Data, t.Data)
	default:
		copy(t.Data, a.Data)
		vec().Axpy(1, b.Data, t.Data)
	}
	return t
}

// Sub sets t = a - b, elementwise.
func (t *Tensor) Sub(a, b *Tensor) *Tensor {
	t.elementwise("Sub", a, b)
	for i, v := range b.Data[:len(t.Data)] {
		t.Data[i] = a.Data[i] - v
	}
	return t
}

// Mul sets t = a * b, elementwise (the Hadamard product).
func (t *Tensor) Mul(a, b *Tensor) *Tensor {
	t.elementwise("Mul", a, b)
	for i, v := range b.Data[:len(t.Data)] {
		t.Data[i] = a.Data[i] * v
	}
	return t
}

// Scale sets t = alpha * a.
func (t *Tensor) Scale(alpha float32, a *Tensor) *Tensor {
	t.Copy(a)
	vec().Scal(alpha, t.Data)
	return t
}

// AddScaled sets t += alpha * a, t and a of one shape.
func (t *Tensor) AddScaled(alpha float32, a *Tensor) *Tensor {
	if !sameShape(t.Shape, a.Shape) {
		panic(fmt.Sprintf("nn: AddScaled of shapes %v and %v", t.Shape, a.Shape))
	}
	vec().Axpy(alpha, a.Data, t.Data)
	return t
}

// elementwise checks that a and b have one shape and resizes t to it.
func (t *Tensor) elementwise(op string, a, b *Tensor) {
	if !sameShape(a.Shape, b.Shape) {
		panic(fmt.Sprintf("nn: %s of shapes %v and %v", op, a.Shape, b.Shape))
	}
	t.resize(a.Shape...)
}

// aliases reports whether t and a begin at the same element.
func aliases(t, a *Tensor) bool {
	return len(t.Data) > 0 && len(a.Data) > 0 && &t.Data[0] == &a.Data[0]
}

// Sum returns the sum of t's elements, accumulated in float32.
func (t *Tensor) Sum() float32 { return vec().Sum(t.Data) }

// Mean returns the mean of t's elements (NaN if it has none).
func (t *Tensor) Mean() float32 { return t.Sum() / float32(len(t.Data)) }

// Max returns t's largest element, NaN if any is NaN and -Inf if t is
// empty.
func (t *Tensor) Max() float32 { return vec().Max(t.Data) }

// MatMul sets t = op(a) op(b) for matrices a and b, where op(x) is x, or
// x transposed where transA (transB) is set: [M K] times [K N] gives
// [M N]. It runs on the GEMM engine (fused.Gemm); t must not share
// storage with a or b.
func (t *Tensor) MatMul(a, b *Tensor, transA, transB bool) *Tensor {
	if len(a.Shape) != 2 || len(b.Shape) != 2 {
		panic(fmt.Sprintf("nn: MatMul of shapes %v and %v, want matrices", a.Shape, b.Shape))
	}
	m, k := a.Shape[0], a.Shape[1]
	if transA {
		m, k = k, m
	}
	kb, n := b.Shape[0], b.Shape[1]
	if transB {
		kb, n = n, kb
	}
	if k != kb {
		panic(fmt.Sprintf("nn: MatMul of shapes %v (transposed: %t) and %v (transposed: %t): inner sizes %d and %d differ",
			a.Shape, transA, b.Shape, transB, k, kb))
	}
	t.resize(m, n)
	fused.Gemm(transA, transB, m, n, k, 1, a.Data, a.Shape[1], b.Data, b.Shape[1], 0, t.Data, n, nil)
	return t
}

// AddBias adds bias[c] to every element of channel c of t, a tensor of
// shape [N C ...] (a Linear layer's [N C], a convolution's [N C H W]), in
// place: the broadcast of a per-channel bias.
func (t *Tensor) AddBias(bias *Tensor) *Tensor {
	if len(t.Shape) < 2 || len(bias.Shape) != 1 || bias.Shape[0] != t.Shape[1] {
		panic(fmt.Sprintf("nn: AddBias of a bias %v to a tensor %v, want [C] for [N C ...]", bias.Shape, t.Shape))
	}
	plane := numel(t.Shape[2:])
	for i := 0; i < len(t.Data); i += plane {
		b := bias.Data[(i/plane)%bias.Shape[0]]
		vec().AddBias(b, t.Data[i:i+plane], t.Data[i:i+plane])
	}
	return t
}
