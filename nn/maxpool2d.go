package nn

import (
	"fmt"

	"github.com/simdla/simdla/conv"
)

// MaxPool2d takes the maximum of each k×k window, moved by stride, of
// each plane of x [N C H W] (no padding; PyTorch's floor rounding), on
// conv.MaxPool, recording where each maximum lay for the backward pass.
type MaxPool2d struct {
	K, Stride int

	pool      conv.Pool
	argmax    []int32
	y, dx     Tensor
	in        []int
	rectified bool // the ReLU before it is applied here (gateInPool), by conv.MaxPoolReLUBackward
}

// NewMaxPool2d returns a k×k max pooling of the given stride (0: k).
func NewMaxPool2d(k, stride int) *MaxPool2d {
	if stride == 0 {
		stride = k
	}
	if k <= 0 || stride <= 0 {
		panic(fmt.Sprintf("nn: MaxPool2d(%d, stride %d): invalid sizes", k, stride))
	}
	return &MaxPool2d{K: k, Stride: stride}
}

func (m *MaxPool2d) String() string {
	if m.Stride == m.K {
		return fmt.Sprintf("MaxPool2d(%dx%d)", m.K, m.K)
	}
	return fmt.Sprintf("MaxPool2d(%dx%d, stride %d)", m.K, m.K, m.Stride)
}

// Params returns nil: MaxPool2d has none.
func (m *MaxPool2d) Params() []*Param { return nil }

// Forward returns the windows' maxima, [N C P Q].
func (m *MaxPool2d) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 4 || x.Shape[2] < m.K || x.Shape[3] < m.K {
		badShape(m, "input", x.Shape, fmt.Sprintf("[N C H W], H and W at least %d", m.K))
	}
	m.pool = conv.Pool{N: x.Shape[0], C: x.Shape[1], H: x.Shape[2], W: x.Shape[3], Window: conv.Square(m.K, m.Stride, 0)}
	p, q := m.pool.Out()
	m.in = append(m.in[:0], x.Shape...)
	m.y.resize(x.Shape[0], x.Shape[1], p, q)
	if cap(m.argmax) < len(m.y.Data) {
		m.argmax = make([]int32, len(m.y.Data))
	}
	m.argmax = m.argmax[:len(m.y.Data)]
	conv.MaxPool(m.pool, x.Data, m.y.Data, m.argmax)
	return &m.y
}

// Backward returns dy routed to where each window's maximum lay, the sum
// of them where windows overlap.
func (m *MaxPool2d) Backward(dy *Tensor) *Tensor {
	checkGrad(m, dy, &m.y)
	m.dx.resize(m.in...)
	if m.rectified {
		conv.MaxPoolReLUBackward(m.pool, dy.Data, m.y.Data, m.argmax, m.dx.Data)
	} else {
		conv.MaxPoolBackward(m.pool, dy.Data, m.argmax, m.dx.Data)
	}
	return &m.dx
}

// gateInPool moves the gradient of l, the layer before the MaxPool2d
// next, into that pool's backward pass, where l is a ReLU: its gradient,
// dy where the input was positive and 0 elsewhere, is then applied to the
// pooled gradient, a window's dy passing where the window's maximum is
// positive, before the pool routes it to where that maximum lay, rather
// than to the pool's input gradient, stride² times as long. An input
// element's gradient is the sum of the dy of the windows whose maximum
// it is, and one gate, its own, holds for all those terms: the results
// are the same bit for bit. (The gradient of Sigmoid or Tanh multiplies,
// which would round otherwise, so they do not move.)
func gateInPool(l, next Layer) {
	r, ok := l.(*ReLU)
	if !ok {
		return
	}
	if m, ok := next.(*MaxPool2d); ok {
		m.rectified, r.pooled = true, true
	}
}
