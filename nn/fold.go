package nn

import "math"

// Folding a batch norm into the convolution before it. In evaluation mode
// BatchNorm2d is an affine map per channel, y = s(x - mean) + β with
// s = γ/sqrt(var + eps), so a Conv2d followed by it in a Sequential is one
// convolution, of filter s_k W_k and bias s_k(b_k - mean_k) + β_k per
// output channel k: the Conv2d runs that (computed from the current
// parameters at every Forward, so that loading or changing them needs no
// step of its own), and the BatchNorm passes that convolution's output,
// and no other input, through. Its backward pass multiplies dy by s, as an
// unfolded BatchNorm in evaluation mode does, and recovers x̂ = (y - β)/γ
// for γ's gradient, which is therefore exact only to within float32
// rounding of y relative to γ (coarse where |γ| is far below |β|); a
// channel with γ = 0 leaves the pair unfolded.

// foldable reports whether the batch norm folds into the convolution
// before it: in evaluation mode, every γ nonzero.
func (b *BatchNorm) foldable() bool {
	if b.training {
		return false
	}
	for _, g := range b.Weight.Value.Data {
		if g == 0 {
			return false
		}
	}
	return true
}

// scale returns channel c's s = γ/sqrt(var + eps).
func (b *BatchNorm) scale(c int) float64 {
	return float64(b.Weight.Value.Data[c]) / math.Sqrt(float64(b.RunningVar.Value.Data[c])+float64(b.Eps))
}

// fold returns the filter and bias the convolution runs: its own, or
// with its batch norm folded in where that is foldable; it tells the batch
// norm which output, if any, comes folded, so that no other input to it
// passes through.
func (c *Conv2d) fold() (w, b []float32) {
	bn := c.bn
	if bn == nil {
		return c.W.Value.Data, c.bias()
	}
	bn.foldedOut = nil
	if !bn.foldable() {
		return c.W.Value.Data, c.bias()
	}
	if c.wf == nil {
		c.wf, c.bf = make([]float32, len(c.W.Value.Data)), make([]float32, c.OutC)
	}
	per := len(c.W.Value.Data) / c.OutC
	for k := range c.OutC {
		s := bn.scale(k)
		for j, v := range c.W.Value.Data[k*per : (k+1)*per] {
			c.wf[k*per+j] = float32(float64(v) * s)
		}
		var b float64
		if c.B != nil {
			b = float64(c.B.Value.Data[k])
		}
		c.bf[k] = float32((b-float64(bn.RunningMean.Value.Data[k]))*s + float64(bn.Bias.Value.Data[k]))
	}
	bn.foldedOut = &c.y
	return c.wf, c.bf
}

// forwardFolded is the batch norm's Forward where the convolution before
// it has folded it in: x is already normalised, and passes through.
func (b *BatchNorm) forwardFolded(x *Tensor) *Tensor {
	b.foldedOut, b.foldedIn = nil, x
	b.y.view(x.Data, x.Shape...)
	return x
}

// backwardFolded is Backward after forwardFolded: dx = s dy, β's gradient
// the sums of dy, γ's those of dy x̂ with x̂ = (y - β)/γ.
func (b *BatchNorm) backwardFolded(dy *Tensor) *Tensor {
	n, l := dy.Shape[0], numel(dy.Shape[2:])
	b.dx.resize(dy.Shape...)
	for c := range b.C {
		s, gamma, beta := b.scale(c), float64(b.Weight.Value.Data[c]), float64(b.Bias.Value.Data[c])
		var sum, dot float64
		for i := range n {
			at := (i*b.C + c) * l
			y, dx := b.foldedIn.Data[at:at+l], b.dx.Data[at:at+l]
			for j, g := range dy.Data[at : at+l] {
				sum += float64(g)
				dot += float64(g) * (float64(y[j]) - beta) / gamma
				dx[j] = float32(float64(g) * s)
			}
		}
		b.Weight.Grad.Data[c] += float32(dot)
		b.Bias.Grad.Data[c] += float32(sum)
	}
	return &b.dx
}
