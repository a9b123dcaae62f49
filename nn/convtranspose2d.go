package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/conv"
)

// ConvTranspose2d is PyTorch's nn.ConvTranspose2d with square r×r filters,
// stride, zero padding pad on every side and output padding outPad:
// x [N InC H W], W [InC OutC R R] (PyTorch's layout for it), b [OutC],
// y [N OutC P Q] with P = (H-1)*stride - 2*pad + r + outPad. It runs on
// conv.Transposed, one per input shape, kept.
type ConvTranspose2d struct {
	InC, OutC, R, Stride, Pad, OutPad int
	W, B                              *Param

	plans  map[[3]int]*conv.Transposed[float32]
	plan   *conv.Transposed[float32]
	x      *Tensor
	y, dx  Tensor
	dw, db []float32 // the last batch's gradients, before they are added
}

// NewConvTranspose2d returns a transposed convolution of inC input and outC
// output channels, its weights drawn by KaimingNormal (fan-in outC*r*r, as
// PyTorch counts it for this layout) from rng and its bias zero.
func NewConvTranspose2d(inC, outC, r, stride, pad, outPad int, rng *rand.Rand) *ConvTranspose2d {
	if inC <= 0 || outC <= 0 || r <= 0 || stride <= 0 || pad < 0 || outPad < 0 || outPad >= stride {
		panic(fmt.Sprintf("nn: ConvTranspose2d(%d->%d, %dx%d, stride %d, pad %d, output padding %d): invalid sizes (the output padding below the stride)",
			inC, outC, r, r, stride, pad, outPad))
	}
	c := &ConvTranspose2d{InC: inC, OutC: outC, R: r, Stride: stride, Pad: pad, OutPad: outPad,
		W: newParam("weight", inC, outC, r, r), B: newParam("bias", outC),
		plans: map[[3]int]*conv.Transposed[float32]{},
		dw:    make([]float32, inC*outC*r*r), db: make([]float32, outC)}
	KaimingNormal(c.W.Value, outC*r*r, rng)
	return c
}

func (c *ConvTranspose2d) String() string {
	return fmt.Sprintf("ConvTranspose2d(%d->%d, %dx%d, stride %d, pad %d, output padding %d)", c.InC, c.OutC, c.R, c.R, c.Stride, c.Pad, c.OutPad)
}

// Params returns the filter and the bias.
func (c *ConvTranspose2d) Params() []*Param { return []*Param{c.W, c.B} }

// Forward returns the transposed convolution of x with W, plus b.
func (c *ConvTranspose2d) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 4 || x.Shape[1] != c.InC || len(x.Data) == 0 ||
		(x.Shape[2]-1)*c.Stride+c.R+c.OutPad <= 2*c.Pad || (x.Shape[3]-1)*c.Stride+c.R+c.OutPad <= 2*c.Pad {
		badShape(c, "input", x.Shape, fmt.Sprintf("[N %d H W] with an output of at least 1x1", c.InC))
	}
	key := [3]int{x.Shape[0], x.Shape[2], x.Shape[3]}
	pl := c.plans[key]
	if pl == nil {
		w := conv.Square(c.R, c.Stride, c.Pad)
		pl = conv.NewTransposed[float32](conv.TransposedShape{N: key[0], C: c.InC, H: key[1], W: key[2], K: c.OutC,
			Window: w, OutPadH: c.OutPad, OutPadW: c.OutPad})
		c.plans[key] = pl
	}
	c.plan, c.x = pl, x
	p, q := pl.Out()
	c.y.resize(key[0], c.OutC, p, q)
	pl.Forward(c.y.Data, x.Data, c.W.Value.Data, c.B.Value.Data)
	return &c.y
}

// Backward adds the gradients of W and b and returns that of x.
func (c *ConvTranspose2d) Backward(dy *Tensor) *Tensor {
	checkGrad(c, dy, &c.y)
	c.plan.BackwardFilter(c.dw, dy.Data, c.x.Data)
	c.plan.BackwardBias(c.db, dy.Data)
	vec().Axpy(1, c.dw, c.W.Grad.Data)
	vec().Axpy(1, c.db, c.B.Grad.Data)
	c.dx.resize(c.x.Shape...)
	c.plan.BackwardData(c.dx.Data, dy.Data, c.W.Value.Data)
	return &c.dx
}
