package conv

import "fmt"

// Shape is a 2-D convolution's sizes, in PyTorch's layouts: the input is
// N×C×H×W (NCHW, row-major), the filter K×(C/Groups)×R×S (KCRS), and the
// output N×K×P×Q, with P×Q the window's output size. The channels fall into
// Groups groups (0 means 1): output channels k of group g = k/(K/Groups)
// read only the input channels of group g. Groups == C == K is a depthwise
// convolution.
type Shape struct {
	N, C, H, W int // input: batch, channels, height, width
	K          int // output channels
	Groups     int
	Window     // the filter: R×S, stride, padding, dilation
}

// withDefaults returns s with its zero strides, dilations and groups set to
// 1, and panics, naming the parameter and its value, unless the shape can
// work.
func (s Shape) withDefaults() Shape {
	if s.Groups == 0 {
		s.Groups = 1
	}
	s.Window = s.Window.withDefaults()
	positive("N", s.N)
	positive("C", s.C)
	positive("H", s.H)
	positive("W", s.W)
	positive("K", s.K)
	positive("Groups", s.Groups)
	if s.C%s.Groups != 0 || s.K%s.Groups != 0 {
		panic(fmt.Sprintf("conv: channels C = %d and K = %d must both be divisible by Groups = %d", s.C, s.K, s.Groups))
	}
	s.Window.check(s.H, s.W, "filter")
	return s
}

// Out returns the output's height P and width Q.
func (s Shape) Out() (p, q int) { return s.Window.withDefaults().out(s.H, s.W) }

// InputLen returns how many elements the input holds: N×C×H×W.
func (s Shape) InputLen() int { return s.N * s.C * s.H * s.W }

// FilterLen returns how many elements the filter holds: K×(C/Groups)×R×S.
func (s Shape) FilterLen() int { return s.K * s.C / max(s.Groups, 1) * s.R * s.S }

// OutputLen returns how many elements the output holds: N×K×P×Q.
func (s Shape) OutputLen() int {
	p, q := s.Out()
	return s.N * s.K * p * q
}

// Flops returns the floating-point operations of the forward pass, two per
// multiply-add, as benchmarks count them.
func (s Shape) Flops() float64 {
	p, q := s.Out()
	return 2 * float64(s.N) * float64(s.K) * float64(p*q) * float64(s.C/max(s.Groups, 1)*s.R*s.S)
}
