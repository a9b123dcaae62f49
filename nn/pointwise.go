package nn

import (
	"fmt"

	"github.com/simdla/simdla/fused"
)

// Fusing an activation into the layer before it. Inside a Sequential, an
// elementwise activation right after a layer that can apply one in its
// GEMM's epilogue (a fuser: Linear, Conv2d) is applied there, on each tile
// of the output while it is in cache, instead of in a pass of its own. The
// activation layer then passes its input, already activated, through, and
// its backward pass, unchanged, reads that in place of the input it never
// sees. So only activations whose derivative follows from their output
// fuse (a pointwiseAct says whether it does): ReLU, Sigmoid, Tanh, and
// LeakyReLU with a slope of at least 0, whose output is positive exactly
// where its input is; GELU and LeakyReLU with a negative slope stay apart.

// fuser is a layer that can apply an activation in its epilogue.
type fuser interface {
	fuse(act fused.Activation, slope float32)
}

// pointwiseAct is an elementwise activation layer, fused or not as its
// epilogue says.
type pointwiseAct interface {
	// epilogue returns the activation as fused computes it, with
	// LeakyReLU's slope, and whether its backward pass works from its
	// output alone.
	epilogue() (act fused.Activation, slope float32, ok bool)
	// setFused records that the layer before applies the activation.
	setFused()
}

// fuseActivation fuses l into prev, the layer before it in a Sequential,
// where both allow it.
func fuseActivation(prev, l Layer) {
	a, ok := l.(pointwiseAct)
	if !ok {
		return
	}
	f, ok := prev.(fuser)
	if !ok {
		return
	}
	if act, slope, ok := a.epilogue(); ok {
		f.fuse(act, slope)
		a.setFused()
	}
}

// pointwise is the state of an elementwise activation layer: the last
// input and output, the input's gradient, and whether the layer before
// applies the activation (fused).
type pointwise struct {
	fused bool
	x     *Tensor
	y, dx Tensor
}

func (p *pointwise) setFused() { p.fused = true }

// forward checks x, the input of layer l, and returns the tensor that
// holds l's output and whether l has still to compute it: where l is
// fused, x itself, already activated; otherwise the layer's own output,
// shaped as x.
func (p *pointwise) forward(l fmt.Stringer, x *Tensor) (y *Tensor, compute bool) {
	if len(x.Shape) == 0 {
		badShape(l, "input", x.Shape, "at least one axis")
	}
	p.x = x
	if p.fused {
		p.y.view(x.Data, x.Shape...)
		return x, false
	}
	p.y.resize(x.Shape...)
	return &p.y, true
}

// backward checks dy, the gradient of layer l's output, shapes the input's
// gradient, and returns the elements of dy, of the last input and output
// and of the input's gradient, all of one length.
func (p *pointwise) backward(l fmt.Stringer, dy *Tensor) (g, x, y, dx []float32) {
	checkGrad(l, dy, &p.y)
	p.dx.resize(dy.Shape...)
	n := len(p.dx.Data)
	return dy.Data[:n], p.x.Data[:n], p.y.Data[:n], p.dx.Data
}
