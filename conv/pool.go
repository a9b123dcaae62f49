package conv

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Pool is a 2-D pooling's sizes, in PyTorch's layout: the input is
// N×C×H×W (NCHW, row-major), the window moves over each of its N×C planes
// alone, and the output is N×C×P×Q, with P×Q the window's output size,
// rounded down (PyTorch's ceil_mode=False). As in PyTorch, no pad may
// exceed half the window along its axis: PadTop and PadBottom are at most
// R/2, PadLeft and PadRight at most S/2, so that windows without dilation
// always hold an element of the image.
type Pool struct {
	N, C, H, W int // input: batch, channels, height, width
	Window         // the window: R×S, stride, padding, dilation
}

// withDefaults returns p with its zero strides and dilations set to 1,
// and panics, naming the parameter and its value, unless the pooling can
// work.
func (p Pool) withDefaults() Pool {
	p.Window = p.Window.withDefaults()
	positive("N", p.N)
	positive("C", p.C)
	positive("H", p.H)
	positive("W", p.W)
	p.Window.check(p.H, p.W, "window")
	halfWindow("PadTop", p.PadTop, "height R", p.R)
	halfWindow("PadBottom", p.PadBottom, "height R", p.R)
	halfWindow("PadLeft", p.PadLeft, "width S", p.S)
	halfWindow("PadRight", p.PadRight, "width S", p.S)
	return p
}

// halfWindow panics unless pad is at most half the window's size k.
func halfWindow(name string, pad int, what string, k int) {
	if pad > k/2 {
		panic(fmt.Sprintf("conv: %s = %d, must be at most half the window %s = %d", name, pad, what, k))
	}
}

// Out returns the output's height P and width Q.
func (p Pool) Out() (P, Q int) { return p.Window.withDefaults().out(p.H, p.W) }

// InputLen returns how many elements the input holds: N×C×H×W.
func (p Pool) InputLen() int { return p.N * p.C * p.H * p.W }

// OutputLen returns how many elements the output holds: N×C×P×Q.
func (p Pool) OutputLen() int {
	P, Q := p.Out()
	return p.N * p.C * P * Q
}

// geom is a checked pooling's sizes, with what the loops over a plane use.
type geom struct {
	Pool           // defaults set
	P, Q   int     // output height and width
	hw, pq int     // elements of an input and of an output plane
	planes int     // N×C
	qlo    int     // the first output column whose window starts inside the image
	qhi    int     // the end of the output columns, from qlo, whose windows end inside it
	fast   bool    // a 2×2 window, stride 2, no padding, no dilation
	taps   float64 // window taps in all
	in     float64 // input elements in all
}

// geometry checks p and returns its geom.
func geometry(p Pool) geom {
	p = p.withDefaults()
	g := geom{Pool: p}
	g.P, g.Q = p.out(p.H, p.W)
	g.hw, g.pq, g.planes = p.H*p.W, g.P*g.Q, p.N*p.C
	_, cols := p.extent()
	g.qlo = min(g.Q, (p.PadLeft+p.StrideW-1)/p.StrideW)
	g.qhi = g.qlo
	if last := p.W - cols + p.PadLeft; last >= 0 { // the start of the last window inside
		g.qhi = max(g.qlo, min(g.Q, last/p.StrideW+1))
	}
	g.fast = p.R == 2 && p.S == 2 && p.StrideH == 2 && p.StrideW == 2 &&
		p.PadTop == 0 && p.PadBottom == 0 && p.PadLeft == 0 && p.PadRight == 0 &&
		p.DilationH == 1 && p.DilationW == 1
	g.taps = float64(g.planes) * float64(g.pq) * float64(p.R*p.S)
	g.in = float64(g.planes) * float64(g.hw)
	return g
}

// tapSpan returns the taps lo <= k < hi, of a window of n taps dilation d
// apart starting at i0, that fall inside [0, size); lo == hi if none does.
func tapSpan(i0, n, d, size int) (lo, hi int) {
	if i0 < 0 {
		lo = (-i0 + d - 1) / d
	}
	if size-i0 > 0 {
		hi = min(n, (size-i0+d-1)/d)
	}
	return lo, max(lo, hi)
}

// rows returns the first input row of output row p's window inside the
// image and how many of its taps are.
func (g *geom) rows(p int) (ih, n int) {
	ih0 := p*g.StrideH - g.PadTop
	lo, hi := tapSpan(ih0, g.R, g.DilationH, g.H)
	return ih0 + lo*g.DilationH, hi - lo
}

// cols returns the first input column of output column q's window inside
// the image and how many of its taps are.
func (g *geom) cols(q int) (iw, n int) {
	iw0 := q*g.StrideW - g.PadLeft
	if q >= g.qlo && q < g.qhi {
		return iw0, g.S
	}
	lo, hi := tapSpan(iw0, g.S, g.DilationW, g.W)
	return iw0 + lo*g.DilationW, hi - lo
}

// op is which pooling a job computes.
type op uint8

const (
	maxForward op = iota
	maxBackward
	avgForward
	avgBackward
	globalForward
	globalBackward
)

// poolJob is one pooling call, par's Slabs of it: each slab is a run of whole
// planes, so results do not depend on how many there are. Jobs are reused.
type poolJob[T kernels.Float] struct {
	op       op
	g        geom
	in, out  []T         // x and y forward; dy and dx backward
	argmax   []int32     // max pooling's, or nil
	countPad bool        // average pooling's divisor counts the padding
	sum      func([]T) T // global average pooling's
	// max2x2 is the MaxPool2x2 kernel of 2×2 max pooling.
	max2x2 func(rows, n int, x []T, ld int, y []T, argmax []int32, base int)
	// gate is the pooling's output y that gates dy (MaxPoolReLUBackward),
	// or nil, and reluGrad the kernel that gates it.
	gate     []T
	reluGrad func(x, dy, dx []T)
	chunk    int // planes per slab
	// bad is the first output, in all, whose argmax lies outside its
	// plane (maxBackward), or noneBad; slabs lower it atomically.
	bad int64
}

const noneBad = math.MaxInt64

var (
	poolJobs32 pool.List[poolJob[float32]]
	poolJobs64 pool.List[poolJob[float64]]
)

// Slab computes the planes of slab part.
func (j *poolJob[T]) Slab(part int) {
	lo := part * j.chunk
	j.planes(lo, min(lo+j.chunk, j.g.planes))
}

// planes computes planes lo <= i < hi.
func (j *poolJob[T]) planes(lo, hi int) {
	g := &j.g
	var scratch *indices
	if j.op == maxForward && g.fast && j.argmax == nil {
		scratch = indexScratch.Get()
		defer indexScratch.Put(scratch)
	}
	if scratch != nil && g.H == 2*g.P && g.pq <= len(scratch) {
		maxPlanes2x2(g, j.in, j.out, lo, hi, scratch, j.max2x2)
		return
	}
	if j.op == maxBackward && j.gate != nil {
		list := pool.ByType[pool.List[gatedBlock[T]]](&gatedScratch32, &gatedScratch64)
		gated := list.Get()
		defer list.Put(gated)
		if o := j.routeGated(lo, hi, gated[:]); o >= 0 {
			lower(&j.bad, int64(o))
		}
		return
	}
	for i := lo; i < hi; i++ {
		switch j.op {
		case maxForward:
			var a []int32
			if j.argmax != nil {
				a = j.argmax[i*g.pq : (i+1)*g.pq]
			}
			x, y := j.in[i*g.hw:(i+1)*g.hw], j.out[i*g.pq:(i+1)*g.pq]
			if g.fast {
				maxPlane2x2(g, x, y, a, scratch, j.max2x2)
			} else {
				maxPlane(g, x, y, a)
			}
		case maxBackward:
			if o := maxPlaneBackward(j.in[i*g.pq:(i+1)*g.pq], j.argmax[i*g.pq:(i+1)*g.pq], j.out[i*g.hw:(i+1)*g.hw]); o >= 0 {
				lower(&j.bad, int64(i*g.pq+o))
				return
			}
		case avgForward:
			x, y := j.in[i*g.hw:(i+1)*g.hw], j.out[i*g.pq:(i+1)*g.pq]
			if g.fast {
				avgPlane2x2(g, x, y)
			} else {
				avgPlane(g, j.countPad, x, y)
			}
		case avgBackward:
			dy, dx := j.in[i*g.pq:(i+1)*g.pq], j.out[i*g.hw:(i+1)*g.hw]
			if g.fast {
				avgPlaneBackward2x2(g, dy, dx)
			} else {
				avgPlaneBackward(g, j.countPad, dy, dx)
			}
		case globalForward:
			j.out[i] = j.sum(j.in[i*g.hw:(i+1)*g.hw]) / T(g.hw)
		case globalBackward:
			d := j.in[i] / T(g.hw)
			dx := j.out[i*g.hw : (i+1)*g.hw]
			for k := range dx {
				dx[k] = d
			}
		}
	}
}

// The cost of pooling's work in the floating-point operations of the FMA
// kernels that par.Split's thresholds are set for: a window tap (a scalar
// load and a max or an add), an element streamed (cleared, filled, summed
// by a vector kernel), and an output row of the 2×2 max pooling kernel
// (its call and set-up, which cost as much as a row's taps in LeNet-5's
// second pool, 5 outputs wide: on the Xeon, 47 µs for the 5120 rows of a
// batch of 64). The backward pass of max pooling costs scatterTaps taps
// an output (the load of dy and the add to dx at the argmax): 76 µs for
// the 75264 outputs of LeNet-5's first pool.
const (
	tapFlops    = 32
	streamFlops = 4
	rowFlops    = 512
	scatterTaps = 4
)

// work returns the cost of taps window taps and streamed elements in
// par.Split's floating-point operations.
func work(taps, streamed float64) float64 { return taps*tapFlops + streamed*streamFlops }

// run computes j over all its planes, split among goroutines when the
// work, of the given cost (see work), is worth it, and returns the first
// output whose argmax lies outside its plane, or -1 (maxBackward stops a
// slab there).
func run[T kernels.Float](j poolJob[T], flops float64) int {
	j.bad = noneBad
	parts, chunk := par.Split(flops, j.g.planes, 1, 0)
	if parts == 1 {
		j.planes(0, j.g.planes)
		return firstBad(j.bad)
	}
	list := pool.ByType[pool.List[poolJob[T]]](&poolJobs32, &poolJobs64)
	s := list.Get()
	*s = j
	s.chunk = chunk
	par.Spread(parts, s)
	bad := s.bad
	*s = poolJob[T]{} // drop the caller's slices
	list.Put(s)
	return firstBad(bad)
}

// firstBad returns a job's bad as run does: -1 for noneBad.
func firstBad(bad int64) int {
	if bad == noneBad {
		return -1
	}
	return int(bad)
}

// lower sets *v to n if n is lower, atomically.
func lower(v *int64, n int64) {
	for old := atomic.LoadInt64(v); n < old && !atomic.CompareAndSwapInt64(v, old, n); old = atomic.LoadInt64(v) {
	}
}
