package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/fused"
)

// Linear is a fully connected layer: y = x W^T + b for x of shape
// [N In], W [Out In] (PyTorch's layout) and b [Out], y [N Out]. Its
// forward pass is one fused.Gemm whose epilogue adds the bias per column
// and, inside a Sequential, applies the activation that follows where it
// fuses (pointwise.go).
type Linear struct {
	In, Out int
	W, B    *Param

	act   fused.Activation // the activation fused into the epilogue
	slope float32          // its slope, for LeakyReLU
	ep    fused.Epilogue[float32]
	x     *Tensor
	y, dx Tensor
}

// NewLinear returns a Linear layer of in inputs and out outputs, its
// weights drawn by KaimingNormal from rng and its bias zero.
func NewLinear(in, out int, rng *rand.Rand) *Linear {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: Linear(%d->%d): sizes must be positive", in, out))
	}
	l := &Linear{In: in, Out: out, W: newParam("weight", out, in), B: newParam("bias", out)}
	KaimingNormal(l.W.Value, in, rng)
	return l
}

func (l *Linear) String() string { return fmt.Sprintf("Linear(%d->%d)", l.In, l.Out) }

// Params returns the weight and the bias.
func (l *Linear) Params() []*Param { return []*Param{l.W, l.B} }

// Forward returns x W^T + b (after the fused activation, if any).
func (l *Linear) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 2 || x.Shape[1] != l.In {
		badShape(l, "input", x.Shape, fmt.Sprintf("[N %d]", l.In))
	}
	n := x.Shape[0]
	l.x = x
	l.y.resize(n, l.Out)
	l.ep = fused.Epilogue[float32]{Bias: l.B.Value.Data, BiasPerColumn: true, Act: l.act, Slope: l.slope}
	fused.Gemm(false, true, n, l.Out, l.In, 1, x.Data, l.In, l.W.Value.Data, l.In, 0, l.y.Data, l.Out, &l.ep)
	return &l.y
}

// Backward adds dy^T x to W's gradient and dy's column sums to b's, and
// returns dy W. With a fused activation, dy is the gradient of the
// activation's input, which the activation layer that follows computes.
func (l *Linear) Backward(dy *Tensor) *Tensor {
	l.backwardParams(dy)
	n := dy.Shape[0]
	l.dx.resize(n, l.In)
	fused.Gemm(false, false, n, l.In, l.Out, 1, dy.Data, l.Out, l.W.Value.Data, l.In, 0, l.dx.Data, l.In, nil)
	return &l.dx
}

// backwardParams is Backward without the input's gradient.
func (l *Linear) backwardParams(dy *Tensor) {
	checkGrad(l, dy, &l.y)
	n := dy.Shape[0]
	fused.Gemm(true, false, l.Out, l.In, n, 1, dy.Data, l.Out, l.x.Data, l.In, 1, l.W.Grad.Data, l.In, nil)
	for i := range n {
		vec().Axpy(1, dy.Data[i*l.Out:(i+1)*l.Out], l.B.Grad.Data)
	}
}

// fuse makes the layer apply act, of the given slope for LeakyReLU, in
// its forward pass's epilogue.
func (l *Linear) fuse(act fused.Activation, slope float32) { l.act, l.slope = act, slope }
