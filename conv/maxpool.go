package conv

import (
	"fmt"
	"math"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// MaxPool sets y to the max pooling of x: for every plane (n, c) and output
// position (p, q), y[n,c,p,q] is the largest x[n,c,ih,iw] over the window's
// taps inside the image, ih = p*StrideH - PadTop + r*DilationH and
// iw = q*StrideW - PadLeft + t*DilationW for r < R, t < S; padding never
// wins. NaN propagates: a window that reads a NaN gives NaN. Zeros of
// both signs compare equal, and their maximum is +0 (builtin max's).
//
// If argmax is not nil, MaxPool sets argmax[n,c,p,q] to the index ih*W + iw,
// within the input plane, of the element it chose: the first largest in
// row-major order of the taps, or the last NaN, as PyTorch's max_pool2d
// with return_indices=True. MaxPoolBackward takes it.
//
// x holds at least p.InputLen() elements, y, and argmax unless it is nil,
// at least p.OutputLen(); y must not overlap x. MaxPool panics, naming the
// parameter, unless p is a valid pooling (see Pool) whose every window
// reads at least one element of the image (with dilation, one might read
// only padding), the slices are long enough, and, with argmax, a plane has
// at most math.MaxInt32 elements.
func MaxPool[T kernels.Float](p Pool, x, y []T, argmax []int32) {
	g := maxGeometry(p)
	if argmax != nil {
		checkIndexable(&g)
	}
	checkLen("x", len(x), g.planes*g.hw)
	checkLen("y", len(y), g.planes*g.pq)
	if argmax != nil {
		checkLen("argmax", len(argmax), g.planes*g.pq)
	}
	max2x2 := pool.ByType[kernels.Vec[T]](&dispatch.F32().Vec, &dispatch.F64().Vec).MaxPool2x2
	flops := work(g.taps, 0)
	if g.fast {
		flops += float64(g.planes*g.P) * rowFlops
	}
	run(poolJob[T]{op: maxForward, g: g, in: x, out: y, argmax: argmax, max2x2: max2x2}, flops)
}

// MaxPoolBackward sets dx to the gradient of MaxPool's x, given the
// gradient dy of its y and the argmax it recorded: dx is zeroed, then
// dx[n,c,argmax[n,c,p,q]] += dy[n,c,p,q] for every output in row-major
// order, so that an element chosen by overlapping windows receives the sum
// of their gradients.
//
// dy and argmax hold at least p.OutputLen() elements, dx at least
// p.InputLen(); dx must overlap neither. MaxPoolBackward panics, naming the
// parameter, unless p is a pooling MaxPool accepts, the slices are long
// enough and every argmax is an index into an input plane, in
// [0, H*W); it does not check that argmax came from MaxPool. It checks
// each plane's argmax as it routes the plane's gradient, in parallel (a
// serial pass of its own, first, took a fifth of LeNet-5's first pool's
// backward pass in training), so when it panics on an argmax, dx is partly
// written.
func MaxPoolBackward[T kernels.Float](p Pool, dy []T, argmax []int32, dx []T) {
	g := maxGeometry(p)
	checkIndexable(&g)
	checkLen("dy", len(dy), g.planes*g.pq)
	checkLen("argmax", len(argmax), g.planes*g.pq)
	checkLen("dx", len(dx), g.planes*g.hw)
	maxBackwardJob(poolJob[T]{op: maxBackward, g: g, in: dy, out: dx, argmax: argmax})
}

// MaxPoolReLUBackward is MaxPoolBackward through a ReLU before the
// pooling as well: dx is the gradient of the ReLU's input, dy[o] routed
// only where y[o], the pooling's output, is greater than zero (so not
// where it is zero of either sign, or NaN). A window's maximum is
// positive exactly where the ReLU passed it, and that one gate holds for
// every window an element is the maximum of, so dx is bit for bit the
// gradient of the ReLU (ReluGrad's) of MaxPoolBackward's, in one pass over
// the windows instead of two. y holds at least p.OutputLen() elements;
// the rest is as MaxPoolBackward's.
func MaxPoolReLUBackward[T kernels.Float](p Pool, dy, y []T, argmax []int32, dx []T) {
	g := maxGeometry(p)
	checkIndexable(&g)
	checkLen("dy", len(dy), g.planes*g.pq)
	checkLen("y", len(y), g.planes*g.pq)
	checkLen("argmax", len(argmax), g.planes*g.pq)
	checkLen("dx", len(dx), g.planes*g.hw)
	reluGrad := pool.ByType[kernels.Vec[T]](&dispatch.F32().Vec, &dispatch.F64().Vec).ReluGrad
	maxBackwardJob(poolJob[T]{op: maxBackward, g: g, in: dy, out: dx, argmax: argmax, gate: y, reluGrad: reluGrad})
}

// maxBackwardJob runs a max pooling's backward pass j and panics, naming
// the first, if an argmax lies outside its plane.
func maxBackwardJob[T kernels.Float](j poolJob[T]) {
	g := &j.g
	if i := run(j, work(scatterTaps*float64(g.planes*g.pq), g.in)); i >= 0 {
		panic(fmt.Sprintf("conv: argmax[%d] = %d, outside the input plane of %d elements", i, j.argmax[i], g.hw))
	}
}

// maxGeometry returns p's geom, checked for max pooling: with dilation a
// window's taps might skip every row or column of the image.
func maxGeometry(p Pool) geom {
	g := geometry(p)
	if g.DilationH > 1 {
		for p := range g.P {
			if _, n := g.rows(p); n == 0 {
				panic(fmt.Sprintf("conv: the window of output row %d reads only padding, with DilationH = %d", p, g.DilationH))
			}
		}
	}
	if g.DilationW > 1 {
		for q := range g.Q {
			if _, n := g.cols(q); n == 0 {
				panic(fmt.Sprintf("conv: the window of output column %d reads only padding, with DilationW = %d", q, g.DilationW))
			}
		}
	}
	return g
}

// checkIndexable panics unless argmax's int32 can index g's input planes.
func checkIndexable(g *geom) {
	if g.hw > math.MaxInt32 {
		panic(fmt.Sprintf("conv: input plane %dx%d has more elements than argmax's int32 can index", g.H, g.W))
	}
}

// maxPlane computes one plane of MaxPool: x its input, y its output,
// argmax its indices or nil.
//
// The maximum is builtin max's, which propagates NaN, without branches,
// and argmax follows it with conditional moves; a window whose maximum is
// NaN is scanned again for its last NaN. A maximum is a chain of dependent
// max's, so the windows inside the image are computed four at a time.
func maxPlane[T kernels.Float](g *geom, x, y []T, argmax []int32) {
	W, Q, sw, dw := g.W, g.Q, g.StrideW, g.DilationW
	ldr, ext := g.DilationH*W, (g.S-1)*dw+1
	for p := range g.P {
		ih, rows := g.rows(p)
		yr := y[p*Q : (p+1)*Q]
		var ar []int32
		if argmax != nil {
			ar = argmax[p*Q : (p+1)*Q]
		}
		for q := range g.qlo {
			maxEdge(g, x, yr, ar, ih, rows, q)
		}
		left := ih*W - g.PadLeft // the index of output column 0's first tap, were it inside
		q := g.qlo
		if ar == nil {
			for ; q+4 <= g.qhi; q += 4 {
				i0 := left + q*sw
				m0, m1, m2, m3 := x[i0], x[i0+sw], x[i0+2*sw], x[i0+3*sw]
				for r, i := 0, i0; r < rows; r, i = r+1, i+ldr {
					for t := i; t < i+ext; t += dw {
						m0 = max(m0, x[t])
						m1 = max(m1, x[t+sw])
						m2 = max(m2, x[t+2*sw])
						m3 = max(m3, x[t+3*sw])
					}
				}
				yr[q], yr[q+1], yr[q+2], yr[q+3] = m0, m1, m2, m3
			}
		} else {
			for ; q+4 <= g.qhi; q += 4 {
				i0 := left + q*sw
				m0, m1, m2, m3 := x[i0], x[i0+sw], x[i0+2*sw], x[i0+3*sw]
				k0, k1, k2, k3 := i0, i0+sw, i0+2*sw, i0+3*sw
				for r, i := 0, i0; r < rows; r, i = r+1, i+ldr {
					for t := i; t < i+ext; t += dw {
						v0, v1, v2, v3 := x[t], x[t+sw], x[t+2*sw], x[t+3*sw]
						if v0 > m0 {
							k0 = t
						}
						if v1 > m1 {
							k1 = t + sw
						}
						if v2 > m2 {
							k2 = t + 2*sw
						}
						if v3 > m3 {
							k3 = t + 3*sw
						}
						m0, m1, m2, m3 = max(m0, v0), max(m1, v1), max(m2, v2), max(m3, v3)
					}
				}
				if m0 != m0 || m1 != m1 || m2 != m2 || m3 != m3 {
					k0 = nanOr(x, k0, i0, rows, ldr, ext, dw)
					k1 = nanOr(x, k1, i0+sw, rows, ldr, ext, dw)
					k2 = nanOr(x, k2, i0+2*sw, rows, ldr, ext, dw)
					k3 = nanOr(x, k3, i0+3*sw, rows, ldr, ext, dw)
				}
				yr[q], yr[q+1], yr[q+2], yr[q+3] = m0, m1, m2, m3
				ar[q], ar[q+1], ar[q+2], ar[q+3] = int32(k0), int32(k1), int32(k2), int32(k3)
			}
		}
		for ; q < Q; q++ {
			maxEdge(g, x, yr, ar, ih, rows, q)
		}
	}
}

// maxEdge sets yr[q], and ar[q] unless ar is nil, for output column q of a
// row whose windows' taps inside the image start at input row ih and span
// rows rows.
func maxEdge[T kernels.Float](g *geom, x, yr []T, ar []int32, ih, rows, q int) {
	iw, n := g.cols(q)
	m, k := maxWindow(x, ih*g.W+iw, rows, g.DilationH*g.W, (n-1)*g.DilationW+1, g.DilationW)
	yr[q] = m
	if ar != nil {
		ar[q] = int32(k)
	}
}

// maxWindow returns the maximum, builtin max's, of x[i + r*ldr + t] for
// r < rows, t < ext, t a multiple of dw, and the index of the first
// largest, or of the last NaN.
func maxWindow[T kernels.Float](x []T, i, rows, ldr, ext, dw int) (T, int) {
	first := i
	m, k := x[i], i
	for range rows {
		for t := i; t < i+ext; t += dw {
			v := x[t]
			if v > m {
				k = t
			}
			m = max(m, v)
		}
		i += ldr
	}
	if m != m {
		k = nanOr(x, k, first, rows, ldr, ext, dw)
	}
	return m, k
}

// nanOr returns the index of the last NaN among x[i + r*ldr + t] for
// r < rows, t < ext, t a multiple of dw, or k if there is none.
func nanOr[T kernels.Float](x []T, k, i, rows, ldr, ext, dw int) int {
	for range rows {
		for t := i; t < i+ext; t += dw {
			if v := x[t]; v != v {
				k = t
			}
		}
		i += ldr
	}
	return k
}

// maxPlane2x2 is maxPlane for a 2×2 window of stride 2 without padding or
// dilation, on kernel, the MaxPool2x2 kernel: with argmax, one call for
// the plane; without, blocks of rows whose indices go to scratch, or
// blocks of a row where rows are longer than it.
func maxPlane2x2[T kernels.Float](g *geom, x, y []T, argmax []int32, scratch *indices, kernel func(rows, n int, x []T, ld int, y []T, argmax []int32, base int)) {
	W, P, Q := g.W, g.P, g.Q
	if argmax != nil {
		kernel(P, Q, x[:(2*P-1)*W+2*Q], W, y[:P*Q], argmax[:P*Q], 0)
		return
	}
	n := min(Q, len(scratch))
	block := len(scratch) / n // rows of Q outputs, or one of a longer row's blocks of n
	for p := 0; p < P; p += block {
		rows := min(block, P-p)
		for q := 0; q < Q; q += n {
			m, top := min(n, Q-q), 2*p*W+2*q
			kernel(rows, m, x[top:top+(2*rows-1)*W+2*m], W, y[p*Q+q:p*Q+q+rows*m], scratch[:rows*m], 0)
		}
	}
}

// maxPlanes2x2 computes planes [lo, hi) without argmax as maxPlane2x2
// does, where their input rows follow one another (H = 2P, so that plane
// i+1's first row pair follows plane i's last): a kernel call for as many
// whole planes as make up a block of scratch's outputs, their indices
// discarded there, where a call a plane cost as much as the plane's
// windows on LeNet-5's second pool (25 outputs a plane; 43 → 30 µs a
// batch of 64, one thread, AVX-512). (With argmax, each plane's indices
// must count from its own first element; lowering them after a call for
// many planes cost more than the calls it saved.)
func maxPlanes2x2[T kernels.Float](g *geom, x, y []T, lo, hi int, scratch *indices, kernel func(rows, n int, x []T, ld int, y []T, argmax []int32, base int)) {
	per := len(scratch) / g.pq // planes a call
	for i := lo; i < hi; i += per {
		n := min(per, hi-i)
		kernel(n*g.P, g.Q, x[i*g.hw:(i+n)*g.hw], g.W, y[i*g.pq:(i+n)*g.pq], scratch[:n*g.pq], 0)
	}
}

// indices is a block of the indices that maxPlane2x2 discards, kept in
// indexScratch.
type indices = [512]int32

var indexScratch pool.List[indices]

// gatedBlock is a block of a plane's gradient gated by MaxPoolReLUBackward,
// kept in gatedScratch32 and gatedScratch64.
type gatedBlock[T kernels.Float] [256]T

var (
	gatedScratch32 pool.List[gatedBlock[float32]]
	gatedScratch64 pool.List[gatedBlock[float64]]
)

// maxPlaneBackward computes one plane of MaxPoolBackward, and returns -1,
// or the first output whose argmax lies outside the plane, where it
// stops.
func maxPlaneBackward[T kernels.Float](dy []T, argmax []int32, dx []T) int {
	clear(dx)
	return route(dy, argmax, dx, 0)
}

// route adds dy[o] to dx[argmax[o]] for each output o in order, and
// returns -1, or from+o for the first o whose argmax lies outside dx,
// where it stops.
func route[T kernels.Float](dy []T, argmax []int32, dx []T, from int) int {
	dy = dy[:len(argmax)]
	for o, a := range argmax {
		if uint(a) >= uint(len(dx)) {
			return from + o
		}
		dx[a] += dy[o]
	}
	return -1
}

// routeGated computes planes [lo, hi) of MaxPoolReLUBackward: their
// outputs, which lie one after another, gated a block at a time into the
// scratch gated (one ReluGrad for many planes where planes are small,
// LeNet-5's second pool's of 25 outputs), then routed plane by plane. It
// returns -1, or the first output whose argmax lies outside its plane,
// where it stops.
func (j *poolJob[T]) routeGated(lo, hi int, gated []T) int {
	g := &j.g
	for o0, end := lo*g.pq, hi*g.pq; o0 < end; o0 += len(gated) {
		n := min(len(gated), end-o0)
		j.reluGrad(j.gate[o0:o0+n], j.in[o0:o0+n], gated[:n])
		for o := o0; o < o0+n; {
			i := o / g.pq
			dx := j.out[i*g.hw : (i+1)*g.hw]
			if o == i*g.pq {
				clear(dx)
			}
			m := min(o0+n, (i+1)*g.pq) - o
			if bad := route(gated[o-o0:o-o0+m], j.argmax[o:o+m], dx, o); bad >= 0 {
				return bad
			}
			o += m
		}
	}
	return -1
}
