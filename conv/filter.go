package conv

import (
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
)

// BackwardFilter sets dw to the gradient of a loss with respect to the
// filter, given the forward pass's input x and the gradient dy with
// respect to its output: per group, dw_g = sum over the images of
// dy_g × im2col(x_g)^T. dy is N×K×P×Q, x N×C×H×W and dw K×(C/Groups)×R×S;
// dw must not overlap dy or x.
//
// The batch is cut into filterSlots runs of images or fewer, each summed
// in order into a partial gradient of its own, and the partial gradients
// are added in order: threads compute runs at once, and the sum is the
// same for every number of threads. On the depthwise stencils (one input
// channel per group) with at least filterSlots input channels the output
// channels' filters are independent, and threads take them instead.
func (pl *Plan[T]) BackwardFilter(dw, dy, x []T) {
	s := pl.s
	checkLen("dy", len(dy), pl.outputLen())
	checkLen("x", len(x), s.InputLen())
	checkLen("dw", len(dw), s.FilterLen())
	f := &pl.fjob
	f.dw, f.dy, f.x = dw, dy, x
	f.byChannels = pl.stencilFilter && s.C >= filterSlots
	if f.byChannels {
		f.extent = s.K
	} else {
		f.runs = (s.N + pl.batch - 1) / pl.batch
		f.extent = min(f.runs, filterSlots)
		f.layout = pl.filterLayout()
		pool.Grow(&f.partial, f.extent*s.FilterLen())
	}
	parts, chunk := par.Split(s.Flops(), f.extent, 1, 0)
	pl.slabsFor(parts)
	f.chunk = chunk
	par.Spread(parts, f)
	if !f.byChannels {
		fl := s.FilterLen()
		sum := f.partial[:fl]
		for j := 1; j < f.extent; j++ {
			pl.vec().Axpy(1, f.partial[j*fl:(j+1)*fl], sum)
		}
		pl.fromLayout(f.layout, dw, sum)
	}
	f.dw, f.dy, f.x = nil, nil, nil
}

// filterSlots is how many partial sums the filter gradient cuts a batch
// into at most, whatever the number of threads: as many threads can
// compute at once, each partial sum costs a filter's memory, and adding
// them an Axpy of a filter each.
const filterSlots = 4

// filterJob is the filter gradient's work for par: slots, partial sums
// of runs of images, or a depthwise filter's channels.
type filterJob[T Float] struct {
	pl        *Plan[T]
	dw, dy, x []T
	runs      int // runs of pl.batch images
	extent    int // slots, slot j summing runs [j*runs/extent, (j+1)*runs/extent); or channels
	// byChannels: the parts are a depthwise filter's output channels, not
	// slots.
	byChannels bool
	chunk      int // slots (channels) per part
	layout     layout
	partial    []T // the slots' partial sums, a filter each, in layout
}

// Slab implements par.Slabs: it computes part's slots (channels).
func (f *filterJob[T]) Slab(part int) {
	pl := f.pl
	lo, hi := part*f.chunk, min((part+1)*f.chunk, f.extent)
	sl := &pl.slabs[part]
	s := &pl.s
	if f.byChannels {
		depthwiseBackwardFilter(pl.vec(), *s, f.dw, f.dy, f.x, lo, hi, 0, s.N, &sl.xp, &sl.yext, &sl.widenRuns)
		return
	}
	fl := s.FilterLen()
	for j := lo; j < hi; j++ {
		dst := f.partial[j*fl : (j+1)*fl]
		first, end := j*f.runs/f.extent, (j+1)*f.runs/f.extent
		if pl.stencilFilter { // runs of one image
			depthwiseBackwardFilter(pl.vec(), *s, dst, f.dy, f.x, 0, s.K, first, end, &sl.xp, &sl.yext, &sl.widenRuns)
			continue
		}
		for u := first; u < end; u++ {
			var beta T
			if u > first {
				beta = 1
			}
			n := u * pl.batch
			if f.layout == phasedLayout {
				pl.filterPhasedImage(sl, dst, f.dy, f.x, n, beta)
			} else {
				pl.filterImages(sl, f.layout, dst, f.dy, f.x, n, min(pl.batch, pl.s.N-n), beta)
			}
		}
	}
}

// layout is how a partial filter gradient is laid out.
type layout uint8

const (
	// kcrsLayout is dw's own: per group kg rows of crs taps (c, r, s).
	kcrsLayout layout = iota
	// transposedLayout is its transpose: per group crs rows of kg.
	transposedLayout
	// phasedLayout is the transpose with the taps ordered (r, s, c).
	phasedLayout
)

// filterLayout returns the layout the plan's filter gradient computes.
// Small im2col matrices are filled whole, and the GEMM computes dw's
// transpose from them, transposing only dy where im2colT would transpose
// every panel element by element. The stencils compute dw's own.
func (pl *Plan[T]) filterLayout() layout {
	switch {
	case pl.stencilFilter:
		return kcrsLayout
	case pl.phases != nil:
		return phasedLayout
	case !pl.pointwise && pl.crs*pl.batch*pl.p*pl.q <= maxWholeColumns:
		return transposedLayout
	}
	return kcrsLayout
}

// fromLayout sets dw to the gradient g, laid out in l.
func (pl *Plan[T]) fromLayout(l layout, dw, g []T) {
	s := &pl.s
	rs := s.R * s.S
	for gr := range s.Groups {
		src := g[gr*pl.kg*pl.crs : (gr+1)*pl.kg*pl.crs]
		dst := dw[gr*pl.kg*pl.crs : (gr+1)*pl.kg*pl.crs]
		switch l {
		case kcrsLayout:
			copy(dst, src)
		case transposedLayout:
			for k := range pl.kg {
				for j := range pl.crs {
					dst[k*pl.crs+j] = src[j*pl.kg+k]
				}
			}
		case phasedLayout:
			for k := range pl.kg {
				for c := range pl.cg {
					for t := range rs {
						dst[(k*pl.cg+c)*rs+t] = src[(t*pl.cg+c)*pl.kg+k]
					}
				}
			}
		}
	}
}

// filterImages adds the filter gradient of the nb images from n on to g,
// laid out in l (kcrsLayout or transposedLayout), or sets it there where
// beta is 0.
func (pl *Plan[T]) filterImages(sl *slab[T], l layout, g, dy, x []T, n, nb int, beta T) {
	s := &pl.s
	pq, hw := pl.p*pl.q, s.H*s.W
	cols := nb * pq
	if l == transposedLayout {
		pool.Grow(&sl.col, pl.crs*cols)
	}
	for gr := range s.Groups {
		xg := x[(n*s.C+gr*pl.cg)*hw:]
		// dy_g of the images: kg rows of P*Q, or of nb*P*Q side by side.
		a, lda := dy[(n*s.K+gr*pl.kg)*pq:], pq
		if nb > 1 {
			pool.Grow(&sl.yext, pl.kg*cols)
			for k := range pl.kg {
				for i := range nb {
					copy(sl.yext[(k*nb+i)*pq:(k*nb+i+1)*pq], dy[((n+i)*s.K+gr*pl.kg+k)*pq:])
				}
			}
			a, lda = sl.yext, cols
		}
		p := gemm.Problem[T]{TransB: true, M: pl.kg, N: pl.crs, K: cols, Alpha: 1,
			A: a, Lda: lda, Beta: beta, C: g[gr*pl.kg*pl.crs:], Ldc: pl.crs}
		switch {
		case l == transposedLayout:
			sl.b.v, sl.b.t, sl.b.x = pl.vec(), pl.taps, xg
			sl.b.PackB(sl.col, 0, pl.crs, 0, cols, cols)
			p = gemm.Problem[T]{TransB: true, M: pl.crs, N: pl.kg, K: cols, Alpha: 1, A: sl.col, Lda: cols,
				B: a, Ldb: lda, Beta: beta, C: g[gr*pl.kg*pl.crs:], Ldc: pl.kg}
		case pl.pointwise:
			p.B, p.Ldb = xg[:pl.cg*hw], hw
		default:
			sl.bt.v, sl.bt.t, sl.bt.x = pl.vec(), pl.taps, xg
			p.PackB = &sl.bt
		}
		gemm.Run(pl.gemm(), p)
	}
	sl.b.x, sl.bt.x = nil, nil
}
