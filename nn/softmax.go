package nn

import "math"

// Softmax is the softmax along the last axis of a tensor of any shape,
// PyTorch's nn.Softmax(dim=-1): each run x_r of the last axis's elements
// becomes y_r[j] = exp(x_r[j] - m - lse), m the run's maximum and lse the
// log of its sum of exp(x_r[k] - m) (logSumExp), so that large logits
// neither overflow nor lose the small ones.
type Softmax struct {
	y, dx Tensor
}

// NewSoftmax returns a Softmax layer.
func NewSoftmax() *Softmax { return &Softmax{} }

func (s *Softmax) String() string { return "Softmax" }

// Params returns nil: Softmax has none.
func (s *Softmax) Params() []*Param { return nil }

// Forward returns the probabilities of x along its last axis.
func (s *Softmax) Forward(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		badShape(s, "input", x.Shape, "at least one axis")
	}
	s.y.resize(x.Shape...)
	c := x.Shape[len(x.Shape)-1]
	for lo := 0; lo < len(x.Data); lo += c {
		row, y := x.Data[lo:lo+c], s.y.Data[lo:lo+c]
		m, lse := logSumExp(row)
		for j, v := range row {
			y[j] = float32(math.Exp(float64(v-m) - lse))
		}
	}
	return &s.y
}

// Backward returns dx = y*(dy - sum(dy*y)) along the last axis, the sum in
// float64.
func (s *Softmax) Backward(dy *Tensor) *Tensor {
	checkGrad(s, dy, &s.y)
	s.dx.resize(dy.Shape...)
	c := dy.Shape[len(dy.Shape)-1]
	for lo := 0; lo < len(dy.Data); lo += c {
		g, y, dx := dy.Data[lo:lo+c], s.y.Data[lo:lo+c], s.dx.Data[lo:lo+c]
		var sum float64
		for j, v := range g {
			sum += float64(v) * float64(y[j])
		}
		for j, v := range g {
			dx[j] = float32(float64(y[j]) * (float64(v) - sum))
		}
	}
	return &s.dx
}
