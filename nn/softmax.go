package nn

import "math"

// Softmax is the softmax of each row of x [N classes], PyTorch's
// nn.Softmax(dim=1) on a batch of rows: y[i,j] = exp(x[i,j] - lse_i), lse_i
// the log of the row's sum of exponentials, computed as logSumExp does so
// that large logits neither overflow nor lose the small ones.
type Softmax struct {
	y, dx Tensor
}

// NewSoftmax returns a Softmax layer.
func NewSoftmax() *Softmax { return &Softmax{} }

func (s *Softmax) String() string { return "Softmax" }

// Params returns nil: Softmax has none.
func (s *Softmax) Params() []*Param { return nil }

// Forward returns the probabilities of x's rows.
func (s *Softmax) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 2 {
		badShape(s, "input", x.Shape, "[N classes]")
	}
	n, c := x.Shape[0], x.Shape[1]
	s.y.resize(n, c)
	for i := range n {
		row, y := x.Data[i*c:(i+1)*c], s.y.Data[i*c:(i+1)*c]
		m, lse := logSumExp(row)
		for j, v := range row {
			y[j] = float32(math.Exp(float64(v-m) - lse))
		}
	}
	return &s.y
}

// Backward returns dx = y*(dy - sum(dy*y)) for each row, the sum in
// float64.
func (s *Softmax) Backward(dy *Tensor) *Tensor {
	checkGrad(s, dy, &s.y)
	n, c := dy.Shape[0], dy.Shape[1]
	s.dx.resize(n, c)
	for i := range n {
		g, y, dx := dy.Data[i*c:(i+1)*c], s.y.Data[i*c:(i+1)*c], s.dx.Data[i*c:(i+1)*c]
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
