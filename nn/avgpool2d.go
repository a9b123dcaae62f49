package nn

import (
	"fmt"

	"github.com/simdla/simdla/conv"
)

// AvgPool2d averages each k×k window, moved by stride, of each plane of x
// [N C H W], with zero padding pad on every side, on conv.AvgPool:
// PyTorch's nn.AvgPool2d, whose count_include_pad is CountPad (true by
// default: the padding's zeros count in the average).
type AvgPool2d struct {
	K, Stride, Pad int
	CountPad       bool

	pool  conv.Pool
	y, dx Tensor
	in    []int
}

// NewAvgPool2d returns a k×k average pooling of the given stride (0: k)
// and padding, the padding counted in the averages.
func NewAvgPool2d(k, stride, pad int) *AvgPool2d {
	if stride == 0 {
		stride = k
	}
	if k <= 0 || stride <= 0 || pad < 0 || 2*pad > k {
		panic(fmt.Sprintf("nn: AvgPool2d(%d, stride %d, pad %d): invalid sizes (the padding at most half the window)", k, stride, pad))
	}
	return &AvgPool2d{K: k, Stride: stride, Pad: pad, CountPad: true}
}

func (a *AvgPool2d) String() string {
	s := fmt.Sprintf("AvgPool2d(%dx%d, stride %d, pad %d", a.K, a.K, a.Stride, a.Pad)
	if !a.CountPad {
		s += ", count_include_pad false"
	}
	return s + ")"
}

// Params returns nil: AvgPool2d has none.
func (a *AvgPool2d) Params() []*Param { return nil }

// Forward returns the windows' averages, [N C P Q].
func (a *AvgPool2d) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 4 || x.Shape[2]+2*a.Pad < a.K || x.Shape[3]+2*a.Pad < a.K {
		badShape(a, "input", x.Shape, fmt.Sprintf("[N C H W], H and W at least %d", a.K-2*a.Pad))
	}
	a.pool = conv.Pool{N: x.Shape[0], C: x.Shape[1], H: x.Shape[2], W: x.Shape[3], Window: conv.Square(a.K, a.Stride, a.Pad)}
	p, q := a.pool.Out()
	a.in = append(a.in[:0], x.Shape...)
	a.y.resize(x.Shape[0], x.Shape[1], p, q)
	conv.AvgPool(a.pool, a.CountPad, x.Data, a.y.Data)
	return &a.y
}

// Backward returns each window's share of dy, summed where windows overlap.
func (a *AvgPool2d) Backward(dy *Tensor) *Tensor {
	checkGrad(a, dy, &a.y)
	a.dx.resize(a.in...)
	conv.AvgPoolBackward(a.pool, a.CountPad, dy.Data, a.dx.Data)
	return &a.dx
}

// GlobalAvgPool2d averages each plane of x [N C H W] into [N C 1 1]:
// PyTorch's nn.AdaptiveAvgPool2d(1), on conv.GlobalAvgPool.
type GlobalAvgPool2d struct {
	y, dx Tensor
	in    []int
}

// NewGlobalAvgPool2d returns a global average pooling.
func NewGlobalAvgPool2d() *GlobalAvgPool2d { return &GlobalAvgPool2d{} }

func (g *GlobalAvgPool2d) String() string { return "GlobalAvgPool2d" }

// Params returns nil: GlobalAvgPool2d has none.
func (g *GlobalAvgPool2d) Params() []*Param { return nil }

// Forward returns the planes' means, [N C 1 1].
func (g *GlobalAvgPool2d) Forward(x *Tensor) *Tensor {
	if len(x.Shape) != 4 || len(x.Data) == 0 {
		badShape(g, "input", x.Shape, "[N C H W]")
	}
	g.in = append(g.in[:0], x.Shape...)
	g.y.resize(x.Shape[0], x.Shape[1], 1, 1)
	conv.GlobalAvgPool(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Data, g.y.Data)
	return &g.y
}

// Backward spreads each plane's gradient evenly over its elements.
func (g *GlobalAvgPool2d) Backward(dy *Tensor) *Tensor {
	checkGrad(g, dy, &g.y)
	g.dx.resize(g.in...)
	conv.GlobalAvgPoolBackward(g.in[0], g.in[1], g.in[2], g.in[3], dy.Data, g.dx.Data)
	return &g.dx
}
