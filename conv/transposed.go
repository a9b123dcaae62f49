package conv

import "fmt"

// TransposedShape is a transposed convolution's sizes, in the terms of
// PyTorch's ConvTranspose2d: the input is N×C×H×W, the filter
// C×(K/Groups)×R×S, and the output N×K×P×Q with
//
//	P = (H-1)*StrideH - PadTop - PadBottom + (R-1)*DilationH + 1 + OutPadH
//
// and Q likewise: the sizes of the input of the convolution whose input
// gradient it is (OutPadH and OutPadW, below the stride, pick one among
// the sizes that convolution maps to H×W).
type TransposedShape struct {
	N, C, H, W       int // input: batch, channels, height, width
	K                int // output channels
	Groups           int
	Window           // the filter, as the convolution's
	OutPadH, OutPadW int
}

// Transposed is a transposed convolution: the input gradient of the
// convolution it transposes, run forward, and its own gradients from that
// convolution's forward pass and filter gradient.
type Transposed[T Float] struct {
	conv *Plan[T] // the convolution it transposes: its input is our output
}

// NewTransposed checks s and returns its plan, panicking as NewPlan does.
func NewTransposed[T Float](s TransposedShape) *Transposed[T] {
	if s.Groups == 0 {
		s.Groups = 1
	}
	w := s.Window.withDefaults()
	notNegative("OutPadH", s.OutPadH)
	notNegative("OutPadW", s.OutPadW)
	if s.OutPadH >= w.StrideH && s.OutPadH >= w.DilationH || s.OutPadW >= w.StrideW && s.OutPadW >= w.DilationW {
		panic(fmt.Sprintf("conv: output padding %dx%d must be smaller than the stride %dx%d or the dilation %dx%d",
			s.OutPadH, s.OutPadW, w.StrideH, w.StrideW, w.DilationH, w.DilationW))
	}
	positive("H", s.H)
	positive("W", s.W)
	rows, cols := w.extent()
	p := (s.H-1)*w.StrideH - w.PadTop - w.PadBottom + rows + s.OutPadH
	q := (s.W-1)*w.StrideW - w.PadLeft - w.PadRight + cols + s.OutPadW
	if p <= 0 || q <= 0 {
		panic(fmt.Sprintf("conv: transposed output %dx%d is empty: padding %s removes more than input %dx%d and filter %dx%d make",
			p, q, w.padding(), s.H, s.W, rows, cols))
	}
	c := NewPlan[T](Shape{N: s.N, C: s.K, H: p, W: q, K: s.C, Groups: s.Groups, Window: s.Window})
	return &Transposed[T]{conv: c}
}

// Out returns the output's height P and width Q.
func (tp *Transposed[T]) Out() (p, q int) { return tp.conv.s.H, tp.conv.s.W }

// InputLen returns how many elements the input holds, N×C×H×W.
func (tp *Transposed[T]) InputLen() int { return tp.conv.outputLen() }

// OutputLen returns how many elements the output holds, N×K×P×Q.
func (tp *Transposed[T]) OutputLen() int { return tp.conv.s.InputLen() }

// FilterLen returns how many elements the filter holds, C×(K/Groups)×R×S.
func (tp *Transposed[T]) FilterLen() int { return tp.conv.s.FilterLen() }

// Forward sets y to the transposed convolution of x with the filter w,
// plus bias[k] on output channel k where bias is not nil: the input
// gradient of the transposed convolution for the gradient x.
func (tp *Transposed[T]) Forward(y, x, w, bias []T) {
	if bias != nil {
		checkLen("bias", len(bias), tp.conv.s.C)
	}
	tp.conv.BackwardData(y, x, w)
	if bias != nil {
		v, s := tp.conv.vec(), tp.conv.s
		for i := range s.N * s.C {
			plane := y[i*s.H*s.W : (i+1)*s.H*s.W]
			v.AddBias(bias[i%s.C], plane, plane)
		}
	}
}

// BackwardData sets dx to the gradient with respect to the input, given
// the gradient dy with respect to the output: the convolution of dy with w.
func (tp *Transposed[T]) BackwardData(dx, dy, w []T) { tp.conv.Forward(dx, dy, w, nil) }

// BackwardFilter sets dw to the gradient with respect to the filter, given
// the input x and the gradient dy with respect to the output.
func (tp *Transposed[T]) BackwardFilter(dw, dy, x []T) { tp.conv.BackwardFilter(dw, x, dy) }

// BackwardBias sets db[k] to the sum of dy over the images and positions
// of output channel k.
func (tp *Transposed[T]) BackwardBias(db, dy []T) {
	s := tp.conv.s
	checkLen("dy", len(dy), s.InputLen())
	checkLen("db", len(db), s.C)
	channelSums(tp.conv.vec(), db, dy, s.N, s.C, s.H*s.W)
}
