package conv

import (
	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// The passes of a convolution of stride 1, on a copy of the image padded
// with its zeros. There, output position (p, q) and tap (c, r, s) read
// element
//
//	c*Hp*Wp + (p + r*DilationH)*Wp + q + s*DilationW
//
// of the padded channels, Hp×Wp each: over the columns of a GEMM that run
// over output rows Wp wide, not Q (the columns Q and past of each row are
// wasted), the elements one tap reads of one channel are a row in memory,
// and those of the next channel the row Hp*Wp further. So the forward pass
// is a GEMM per tap (r, s), of k = C/Groups,
//
//	C[kg, P*Wp] += w[kg, c at tap (r, s)] × xp[c, from (r*DilationH*Wp + s*DilationW)]
//
// with B where it lies: the engine packs it as its first tile reads it,
// no tap needs a test for the padding, and no panel a run per output row.
// The filter is reordered (taps (r, s, c)) so that a tap's columns are
// contiguous. C, Wp wide, goes to a buffer, and the epilogue of the last
// tap moves each finished block's Q columns of each row into the output
// (compactor), finishing them there while they are in cache. On the AMD
// EPYC Zen 5, one thread, the 64-channel 3x3 layer at 56x56 ran at 0.82 to
// 0.85 times PyTorch's speed so, against 0.68 to 0.76 as one GEMM whose B
// panels were packed a tap at a time, and the 128-channel layer at 28x28 at
// 0.81 to 0.90 against 0.69.

// shiftedWaste is the largest fraction of wasted columns, (Wp-Q)/Q, for
// which the forward pass runs on the padded image; tests raise it, to run
// every shape of stride 1 there.
var shiftedWaste = 1.0 / 8

// useShifted reports whether the plan's forward pass runs on the padded
// image: stride 1, a filter wider than one element or padding (else x is
// im2col already), and few columns wasted.
func (pl *Plan[T]) useShifted() bool {
	s := &pl.s
	return s.StrideH == 1 && s.StrideW == 1 && !pl.pointwise && !pl.depthwise &&
		float64(pl.paddedW()-pl.q) <= shiftedWaste*float64(pl.q)
}

// paddedH and paddedW are the padded image's height and width.
func (pl *Plan[T]) paddedH() int { return pl.s.H + pl.s.PadTop + pl.s.PadBottom }

func (pl *Plan[T]) paddedW() int { return pl.s.W + pl.s.PadLeft + pl.s.PadRight }

// paddedLen is the length of the padded channels of a group: the planes,
// then the elements the last columns of the last tap read past them.
func (pl *Plan[T]) paddedLen() int {
	return pl.cg*pl.paddedH()*pl.paddedW() + (pl.s.S-1)*pl.s.DilationW
}

// reorderFilter sets wr to the filter w with its taps ordered (r, s, c):
// wr[k][(r*S+s)*cg + c] = w[k][c][r][s].
func (pl *Plan[T]) reorderFilter(wr, w []T) {
	rs, cg := pl.s.R*pl.s.S, pl.cg
	for k := range pl.s.K {
		for c := range cg {
			for t := range rs {
				wr[k*pl.crs+t*cg+c] = w[k*pl.crs+c*rs+t]
			}
		}
	}
}

// pad copies the cg channels x of one image and group into xp, with the
// padding's zeros around each plane and after the last.
func (pl *Plan[T]) pad(xp, x []T) {
	s := &pl.s
	hp, wp := pl.paddedH(), pl.paddedW()
	for c := range pl.cg {
		dst, src := xp[c*hp*wp:(c+1)*hp*wp], x[c*s.H*s.W:(c+1)*s.H*s.W]
		clear(dst[:s.PadTop*wp])
		for h := range s.H {
			row := dst[(s.PadTop+h)*wp : (s.PadTop+h+1)*wp]
			clear(row[:s.PadLeft])
			copy(row[s.PadLeft:s.PadLeft+s.W], src[h*s.W:(h+1)*s.W])
			clear(row[s.PadLeft+s.W:])
		}
		clear(dst[(s.PadTop+s.H)*wp:])
	}
	clear(xp[pl.cg*hp*wp : pl.paddedLen()])
}

// paddedTaps is one image and group's padded channels, xp, as the filter
// gradient's packer reads them.
type paddedTaps[T Float] struct {
	g          *kernels.Gemm[T]
	xp         []T
	plane      int // Hp*Wp
	cg, s      int
	rowR, tapS int // the offsets of a step of r and of s: DilationH*Wp, DilationW
}

// at returns the offset in xp of what tap (r, s) of channel c reads for the
// first output position.
func (b *paddedTaps[T]) at(tap, c int) int {
	return c*b.plane + tap/b.s*b.rowR + tap%b.s*b.tapS
}

// compactor is the epilogue of the GEMM on the padded image: it moves the
// first Q of every Wp columns of C, the output positions, into y, kg rows
// of P*Q, and finishes them with ep, if any.
type compactor[T Float] struct {
	y     []T
	q, wp int
	pq    int
	ep    *fused.Epilogue[T]
}

// Finish implements gemm.Epilogue.
func (e *compactor[T]) Finish(c []T, ldc, i, j, rows, cols int) {
	for oh := j / e.wp; oh*e.wp < j+cols; oh++ {
		lo, hi := max(j, oh*e.wp), min(j+cols, oh*e.wp+e.q)
		if lo >= hi {
			continue
		}
		at := i*e.pq + oh*e.q + lo - oh*e.wp // y's element of C's (i, lo)
		for r := range rows {
			copy(e.y[at+r*e.pq:at+r*e.pq+hi-lo], c[r*ldc+lo-j:])
		}
		if e.ep != nil {
			e.ep.Finish(e.y[at:], e.pq, i, oh*e.q+lo-oh*e.wp, rows, hi-lo)
		}
	}
}

// shiftedT is the filter gradient's B operand: op(B) has the output
// positions, Wp to a row, for rows and the taps (r, s, c) for columns.
type shiftedT[T Float] struct {
	paddedTaps[T]
}

// PackB implements gemm.BPacker: the columns of one tap at a time, a block
// whose columns lie plane apart, with the engine's transposing packer.
func (b *shiftedT[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	for j := 0; j < n; {
		tap, c := (j0+j)/b.cg, (j0+j)%b.cg
		cols := min(n-j, b.cg-c)
		b.g.PackTransposed(cols, kc, &b.xp[b.at(tap, c)+p0], b.plane, &dst[j], width)
		j += cols
	}
	for j := n; j < width; j++ {
		for p := range kc {
			dst[p*width+j] = 0
		}
	}
}

// widen copies the kg rows of P*Q of dy into dyw, rows of P*Wp with zeros
// in the columns Q and past of each output row: the A operand of the
// filter gradient on the padded image.
func (pl *Plan[T]) widen(dyw, dy []T) {
	wp, pq := pl.paddedW(), pl.p*pl.q
	for k := range pl.kg {
		for oh := range pl.p {
			row := dyw[(k*pl.p+oh)*wp : (k*pl.p+oh+1)*wp]
			copy(row, dy[k*pq+oh*pl.q:k*pq+(oh+1)*pl.q])
			clear(row[pl.q:])
		}
	}
}

// filterShifted sets dw to the filter gradient on the padded image: per
// group, dwr_g[kg, crs] = sum over the images, in order, of
// widen(dy_g)[kg, P*Wp] × shiftedT(x_g), the taps ordered (r, s, c), then
// dw from dwr.
func (pl *Plan[T]) filterShifted(dw, dy, x []T) {
	s := &pl.s
	pl.slabsFor(1)
	sl := &pl.slabs[0]
	pq, hw, wp := pl.p*pl.q, s.H*s.W, pl.paddedW()
	pool.Grow(&sl.xp, pl.paddedLen())
	pool.Grow(&sl.yext, pl.kg*pl.p*wp)
	pool.Grow(&pl.reordered, s.FilterLen())
	for n := range s.N {
		for g := range s.Groups {
			pl.pad(sl.xp, x[(n*s.C+g*pl.cg)*hw:(n*s.C+(g+1)*pl.cg)*hw])
			pl.widen(sl.yext, dy[(n*s.K+g*pl.kg)*pq:])
			sl.sbt = shiftedT[T]{paddedTaps[T]{g: pl.gemm(), xp: sl.xp[:pl.paddedLen()], plane: pl.paddedH() * wp,
				cg: pl.cg, s: s.S, rowR: s.DilationH * wp, tapS: s.DilationW}}
			p := gemm.Problem[T]{TransB: true, M: pl.kg, N: pl.crs, K: pl.p * wp, Alpha: 1,
				A: sl.yext, Lda: pl.p * wp, C: pl.reordered[g*pl.kg*pl.crs:], Ldc: pl.crs, PackB: &sl.sbt}
			if n > 0 {
				p.Beta = 1
			}
			gemm.Run(pl.gemm(), p)
		}
	}
	sl.sbt = shiftedT[T]{}
	rs := s.R * s.S
	for k := range s.K {
		for c := range pl.cg {
			for t := range rs {
				dw[k*pl.crs+c*rs+t] = pl.reordered[k*pl.crs+t*pl.cg+c]
			}
		}
	}
}
