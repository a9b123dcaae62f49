package nn

import (
	"fmt"
	"math"
)

// BatchNorm normalises each channel of its input over the batch (and the
// positions, for [N C L] and [N C H W]), as PyTorch's nn.BatchNorm1d and
// nn.BatchNorm2d with their defaults: eps 1e-5, momentum 0.1 and an affine
// map, weight (γ, ones) and bias (β, zeros), after it. In training mode
// it normalises with the batch's mean and biased variance and updates the
// running statistics with the mean and the unbiased variance; in
// evaluation mode it normalises with the running statistics. Sums run in
// float64 in a fixed order, the same for every thread count.
type BatchNorm struct {
	C                 int
	Eps, Momentum     float32
	Weight, Bias      *Param
	RunningMean       *Param // running_mean, not trained
	RunningVar        *Param // running_var, not trained
	NumBatchesTracked *Param // num_batches_tracked: the count, a float32 of shape []
	dims              int    // 2 (BatchNorm1d's [N C] or [N C L]) or 4
	training          bool
	foldedOut         *Tensor   // the convolution's output that has it folded in (fold.go)
	foldedIn          *Tensor   // the last Forward's input, where it was foldedOut; nil otherwise
	xhat              Tensor    // the normalised input
	invStd            []float32 // per channel, of the last Forward
	y, dx             Tensor
}

// NewBatchNorm1d returns batch normalisation of c features, for inputs
// [N c] or [N c L].
func NewBatchNorm1d(c int) *BatchNorm { return newBatchNorm(c, 2) }

// NewBatchNorm2d returns batch normalisation of c channels, for inputs
// [N c H W].
func NewBatchNorm2d(c int) *BatchNorm { return newBatchNorm(c, 4) }

func newBatchNorm(c, dims int) *BatchNorm {
	b := &BatchNorm{C: c, Eps: 1e-5, Momentum: 0.1, dims: dims, training: true}
	if c <= 0 {
		panic(fmt.Sprintf("nn: %s: the channels must be positive", b))
	}
	b.Weight, b.Bias = newParam("weight", c), newParam("bias", c)
	b.RunningMean, b.RunningVar = newParam("running_mean", c), newParam("running_var", c)
	b.NumBatchesTracked, b.invStd = newParam("num_batches_tracked"), make([]float32, c)
	for i := range c {
		b.Weight.Value.Data[i], b.RunningVar.Value.Data[i] = 1, 1
	}
	return b
}

func (b *BatchNorm) String() string {
	if b.dims == 4 {
		return fmt.Sprintf("BatchNorm2d(%d)", b.C)
	}
	return fmt.Sprintf("BatchNorm1d(%d)", b.C)
}

// Params returns the weight and the bias.
func (b *BatchNorm) Params() []*Param { return []*Param{b.Weight, b.Bias} }

// Buffers implements Buffered: the running statistics and the count of
// batches, in PyTorch's order.
func (b *BatchNorm) Buffers() []*Param {
	return []*Param{b.RunningMean, b.RunningVar, b.NumBatchesTracked}
}

// SetTraining implements Moder.
func (b *BatchNorm) SetTraining(training bool) { b.training = training }

// geometry returns the batch, and the positions per channel of a sample,
// of x, panicking unless x fits.
func (b *BatchNorm) geometry(x *Tensor) (n, positions int) {
	ok := len(x.Shape) >= 2 && x.Shape[1] == b.C
	if b.dims == 4 {
		ok = ok && len(x.Shape) == 4
	} else {
		ok = ok && len(x.Shape) <= 3
	}
	if !ok || len(x.Data) == 0 {
		want := fmt.Sprintf("[N %d] or [N %d L]", b.C, b.C)
		if b.dims == 4 {
			want = fmt.Sprintf("[N %d H W]", b.C)
		}
		badShape(b, "input", x.Shape, want)
	}
	return x.Shape[0], numel(x.Shape[2:])
}

// Forward returns the normalised x, scaled and shifted.
func (b *BatchNorm) Forward(x *Tensor) *Tensor {
	n, l := b.geometry(x)
	if x == b.foldedOut && !b.training {
		return b.forwardFolded(x)
	}
	b.foldedIn = nil
	count := n * l
	if b.training && count < 2 {
		panic(fmt.Sprintf("nn: %s in training mode got input %v: want more than one value per channel", b, x.Shape))
	}
	b.xhat.resize(x.Shape...)
	b.y.resize(x.Shape...)
	for c := range b.C {
		mean, variance := float64(b.RunningMean.Value.Data[c]), float64(b.RunningVar.Value.Data[c])
		if b.training {
			var sq float64
			mean, sq = channelMoments(x.Data, n, b.C, l, c)
			variance = sq / float64(count)
			m := float64(b.Momentum)
			b.RunningMean.Value.Data[c] = float32((1-m)*float64(b.RunningMean.Value.Data[c]) + m*mean)
			b.RunningVar.Value.Data[c] = float32((1-m)*float64(b.RunningVar.Value.Data[c]) + m*sq/float64(count-1))
		}
		inv := 1 / math.Sqrt(variance+float64(b.Eps))
		b.invStd[c] = float32(inv)
		gamma, beta := b.Weight.Value.Data[c], b.Bias.Value.Data[c]
		for i := range n {
			at := (i*b.C + c) * l
			xs, xh, y := x.Data[at:at+l], b.xhat.Data[at:at+l], b.y.Data[at:at+l]
			for j, v := range xs {
				h := float32((float64(v) - mean) * inv)
				xh[j], y[j] = h, gamma*h+beta
			}
		}
	}
	if b.training {
		b.NumBatchesTracked.Value.Data[0]++
	}
	return &b.y
}

// Backward adds the gradients of the weight and the bias and returns that
// of x: in training mode through the batch's statistics,
// dx = γ/σ (dy - mean(dy) - x̂ mean(dy x̂)); in evaluation mode the affine
// map's, dx = γ/σ dy.
func (b *BatchNorm) Backward(dy *Tensor) *Tensor {
	checkGrad(b, dy, &b.y)
	if b.foldedIn != nil {
		return b.backwardFolded(dy)
	}
	n, l := dy.Shape[0], numel(dy.Shape[2:])
	count := float64(n * l)
	b.dx.resize(dy.Shape...)
	for c := range b.C {
		var sum, dot float64
		for i := range n {
			at := (i*b.C + c) * l
			for j, g := range dy.Data[at : at+l] {
				sum += float64(g)
				dot += float64(g) * float64(b.xhat.Data[at+j])
			}
		}
		b.Weight.Grad.Data[c] += float32(dot)
		b.Bias.Grad.Data[c] += float32(sum)
		scale := float64(b.Weight.Value.Data[c]) * float64(b.invStd[c])
		meanG, meanGX := sum/count, dot/count
		if !b.training {
			meanG, meanGX = 0, 0
		}
		for i := range n {
			at := (i*b.C + c) * l
			xh, dx := b.xhat.Data[at:at+l], b.dx.Data[at:at+l]
			for j, g := range dy.Data[at : at+l] {
				dx[j] = float32(scale * (float64(g) - meanG - float64(xh[j])*meanGX))
			}
		}
	}
	return &b.dx
}

// channelMoments returns the mean of channel c of x, [n channels l], and
// the sum of its squared deviations from it, both summed in float64 in
// order.
func channelMoments(x []float32, n, channels, l, c int) (mean, sq float64) {
	eachPlane(x, n, channels, l, c, func(p []float32) {
		for _, v := range p {
			mean += float64(v)
		}
	})
	mean /= float64(n * l)
	eachPlane(x, n, channels, l, c, func(p []float32) {
		for _, v := range p {
			d := float64(v) - mean
			sq += d * d
		}
	})
	return mean, sq
}

// eachPlane calls f on channel c's plane of l elements in each of the n
// samples of x, [n channels l], in order.
func eachPlane(x []float32, n, channels, l, c int, f func([]float32)) {
	for i := range n {
		at := (i*channels + c) * l
		f(x[at : at+l])
	}
}
