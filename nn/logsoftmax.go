package nn

import "math"

// LogSoftmax is the logarithm of the softmax of each row of x [N classes],
// PyTorch's nn.LogSoftmax(dim=1) on a batch of rows:
// y[i,j] = x[i,j] - m - log(sum over k of exp(x[i,k] - m)), m the row's
// maximum. Subtracting m first and summing in float64 keep large logits
// from overflowing. NLLLoss after it is SoftmaxCrossEntropy.
type LogSoftmax struct {
	y, dx Tensor
}

// NewLogSoftmax returns a LogSoftmax layer.
func NewLogSoftmax() *LogSoftmax { return &LogSoftmax{} }

func (l *LogSoftmax) String() string { return "LogSoftmax" }

// Params returns nil: LogSoftmax has none.
func (l *LogSoftmax) Params() []*Param { return nil }

// Forward returns the log-probabilities of x's rows.
func (l *LogSoftmax) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 2 {
		badShape(l, "input", x.Shape, "[N classes]")
	}
	n, c := x.Shape[0], x.Shape[1]
	l.y.resize(n, c)
	for i := range n {
		row, y := x.Data[i*c:(i+1)*c], l.y.Data[i*c:(i+1)*c]
		m, lse := logSumExp(row)
		for j, v := range row {
			y[j] = float32(float64(v-m) - lse)
		}
	}
	return &l.y
}

// Backward returns dx = dy - softmax(x)*sum(dy) for each row, the softmax
// being exp(y) and the sum accumulated in float64.
func (l *LogSoftmax) Backward(dy *Tensor) *Tensor {
	checkGrad(l, dy, &l.y)
	n, c := dy.Shape[0], dy.Shape[1]
	l.dx.resize(n, c)
	for i := range n {
		g, y, dx := dy.Data[i*c:(i+1)*c], l.y.Data[i*c:(i+1)*c], l.dx.Data[i*c:(i+1)*c]
		var sum float64
		for _, v := range g {
			sum += float64(v)
		}
		for j, v := range g {
			dx[j] = float32(float64(v) - math.Exp(float64(y[j]))*sum)
		}
	}
	return &l.dx
}
