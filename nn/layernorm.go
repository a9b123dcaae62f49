package nn

import (
	"fmt"
	"math"
	"strings"
)

// LayerNorm normalises each sample over its trailing axes, the
// normalized shape, then applies an elementwise affine map: PyTorch's
// nn.LayerNorm(normalized_shape) with eps 1e-5, its weight (ones) and bias
// (zeros) of the normalized shape. Means and variances (biased) are
// summed in float64.
type LayerNorm struct {
	Shape        []int // the normalized shape
	Eps          float32
	Weight, Bias *Param

	xhat   Tensor
	invStd []float32 // per row of the last Forward
	y, dx  Tensor
}

// NewLayerNorm returns layer normalisation over the trailing axes of the
// given shape.
func NewLayerNorm(shape ...int) *LayerNorm {
	if len(shape) == 0 || numel(shape) <= 0 || slicesHasNeg(shape) {
		panic(fmt.Sprintf("nn: LayerNorm(%v): the normalized shape must have positive sizes", shape))
	}
	l := &LayerNorm{Shape: append([]int(nil), shape...), Eps: 1e-5,
		Weight: newParam("weight", shape...), Bias: newParam("bias", shape...)}
	for i := range l.Weight.Value.Data {
		l.Weight.Value.Data[i] = 1
	}
	return l
}

func (l *LayerNorm) String() string { return fmt.Sprintf("LayerNorm(%v)", l.Shape) }

// Params returns the weight and the bias.
func (l *LayerNorm) Params() []*Param { return []*Param{l.Weight, l.Bias} }

// Forward returns each row of x, its trailing axes the normalized shape,
// normalised, scaled and shifted.
func (l *LayerNorm) Forward(x *Tensor) *Tensor {
	k := len(x.Shape) - len(l.Shape)
	if k < 0 || !sameShape(x.Shape[k:], l.Shape) {
		badShape(l, "input", x.Shape, "[... "+strings.Trim(fmt.Sprint(l.Shape), "[]")+"]")
	}
	d := numel(l.Shape)
	rows := len(x.Data) / d
	l.xhat.resize(x.Shape...)
	l.y.resize(x.Shape...)
	if cap(l.invStd) < rows {
		l.invStd = make([]float32, rows)
	}
	l.invStd = l.invStd[:rows]
	gamma, beta := l.Weight.Value.Data, l.Bias.Value.Data
	for r := range rows {
		xs := x.Data[r*d : (r+1)*d]
		mean, sq := channelMoments(xs, 1, 1, d, 0)
		inv := 1 / math.Sqrt(sq/float64(d)+float64(l.Eps))
		l.invStd[r] = float32(inv)
		xh, y := l.xhat.Data[r*d:(r+1)*d], l.y.Data[r*d:(r+1)*d]
		for j, v := range xs {
			h := float32((float64(v) - mean) * inv)
			xh[j], y[j] = h, gamma[j]*h+beta[j]
		}
	}
	return &l.y
}

// Backward adds the gradients of the weight and the bias and returns that
// of x: with g = dy*γ, dx = (g - mean(g) - x̂ mean(g x̂))/σ per row.
func (l *LayerNorm) Backward(dy *Tensor) *Tensor {
	checkGrad(l, dy, &l.y)
	d := numel(l.Shape)
	l.dx.resize(dy.Shape...)
	gamma := l.Weight.Value.Data
	for r := range len(dy.Data) / d {
		g, xh, dx := dy.Data[r*d:(r+1)*d], l.xhat.Data[r*d:(r+1)*d], l.dx.Data[r*d:(r+1)*d]
		var sum, dot float64
		for j, v := range g {
			l.Weight.Grad.Data[j] += v * xh[j]
			l.Bias.Grad.Data[j] += v
			gj := float64(v) * float64(gamma[j])
			sum += gj
			dot += gj * float64(xh[j])
		}
		mg, mgx, inv := sum/float64(d), dot/float64(d), float64(l.invStd[r])
		for j, v := range g {
			dx[j] = float32((float64(v)*float64(gamma[j]) - mg - float64(xh[j])*mgx) * inv)
		}
	}
	return &l.dx
}
