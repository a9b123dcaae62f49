package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/conv"
	"github.com/simdla/simdla/fused"
)

// Conv2d is a 2-D convolution of square R×R filters with the given stride
// and zero padding on every side, in PyTorch's layouts: x [N InC H W],
// W [OutC InC R R] (KCRS), b [OutC], y [N OutC P Q]. It runs on conv.Plan,
// one per input shape, kept: the bias, and inside a Sequential the
// activation that follows where it fuses (pointwise.go), are applied in
// the plan's epilogue.
type Conv2d struct {
	InC, OutC, R, Stride, Pad int
	W, B                      *Param

	act    fused.Activation // the activation fused into the epilogue
	slope  float32          // its slope, for LeakyReLU
	bn     *BatchNorm       // the batch norm after it in a Sequential, folded in (fold.go)
	wf, bf []float32        // the filter and bias with bn folded in
	ep     fused.Epilogue[float32]
	plans  map[[3]int]*conv.Plan[float32]
	plan   *conv.Plan[float32]
	x      *Tensor
	y, dx  Tensor
	dw, db []float32 // the last batch's gradients, before they are added
}

// NewConv2d returns a convolution of inC input and outC output channels,
// r×r filters, stride and pad, its weights drawn by KaimingNormal (fan-in
// inC*r*r) from rng and its bias zero.
func NewConv2d(inC, outC, r, stride, pad int, rng *rand.Rand) *Conv2d {
	if inC <= 0 || outC <= 0 || r <= 0 || stride <= 0 || pad < 0 {
		panic(fmt.Sprintf("nn: Conv2d(%d->%d, %dx%d, stride %d, pad %d): invalid sizes", inC, outC, r, r, stride, pad))
	}
	c := &Conv2d{InC: inC, OutC: outC, R: r, Stride: stride, Pad: pad,
		W: newParam("weight", outC, inC, r, r), B: newParam("bias", outC),
		plans: map[[3]int]*conv.Plan[float32]{},
		dw:    make([]float32, outC*inC*r*r), db: make([]float32, outC)}
	KaimingNormal(c.W.Value, inC*r*r, rng)
	return c
}

func (c *Conv2d) String() string {
	s := fmt.Sprintf("Conv2d(%d->%d, %dx%d", c.InC, c.OutC, c.R, c.R)
	if c.Stride != 1 {
		s += fmt.Sprintf(", stride %d", c.Stride)
	}
	if c.Pad != 0 {
		s += fmt.Sprintf(", pad %d", c.Pad)
	}
	return s + ")"
}

// Params returns the filter and the bias.
func (c *Conv2d) Params() []*Param {
	if c.B == nil {
		return []*Param{c.W}
	}
	return []*Param{c.W, c.B}
}

// NoBias removes the layer's bias, as PyTorch's bias=False (ResNet's
// convolutions, whose batch norm shifts instead), and returns c: call it
// before the layer joins a Sequential, which lists the parameters then.
func (c *Conv2d) NoBias() *Conv2d {
	c.B = nil
	return c
}

// bias returns the bias's values, nil where there is none.
func (c *Conv2d) bias() []float32 {
	if c.B == nil {
		return nil
	}
	return c.B.Value.Data
}

// Forward returns the convolution of x with W, plus b (after the fused
// activation, if any).
func (c *Conv2d) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 4 || x.Shape[1] != c.InC || x.Shape[2]+2*c.Pad < c.R || x.Shape[3]+2*c.Pad < c.R {
		badShape(c, "input", x.Shape, fmt.Sprintf("[N %d H W], H and W at least %d", c.InC, c.R-2*c.Pad))
	}
	key := [3]int{x.Shape[0], x.Shape[2], x.Shape[3]}
	pl := c.plans[key]
	if pl == nil {
		pl = conv.NewPlan[float32](conv.Shape{N: key[0], C: c.InC, H: key[1], W: key[2], K: c.OutC,
			Window: conv.Square(c.R, c.Stride, c.Pad)})
		c.plans[key] = pl
	}
	c.plan, c.x = pl, x
	p, q := pl.Shape().Out()
	c.y.resize(key[0], c.OutC, p, q)
	w, b := c.fold()
	c.ep = fused.Epilogue[float32]{Bias: b, Act: c.act, Slope: c.slope}
	pl.Forward(c.y.Data, x.Data, w, &c.ep)
	return &c.y
}

// Backward adds the gradients of W and b and returns that of x.
func (c *Conv2d) Backward(dy *Tensor) *Tensor {
	c.backwardParams(dy)
	c.dx.resize(c.x.Shape...)
	c.plan.BackwardData(c.dx.Data, dy.Data, c.W.Value.Data)
	return &c.dx
}

// backwardParams is Backward without the input's gradient.
func (c *Conv2d) backwardParams(dy *Tensor) {
	checkGrad(c, dy, &c.y)
	c.plan.BackwardFilter(c.dw, dy.Data, c.x.Data)
	vec().Axpy(1, c.dw, c.W.Grad.Data)
	if c.B != nil {
		c.plan.BackwardBias(c.db, dy.Data)
		vec().Axpy(1, c.db, c.B.Grad.Data)
	}
}

// fuse makes the layer apply act, of the given slope for LeakyReLU, in
// its forward pass's epilogue.
func (c *Conv2d) fuse(act fused.Activation, slope float32) { c.act, c.slope = act, slope }
