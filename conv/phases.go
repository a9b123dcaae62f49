package conv

import (
	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/pool"
)

// The passes of a convolution on its image split into phases. Phase (a, b)
// of a channel is the padded image's rows a, a+StrideH, a+2*StrideH, ...
// and, of those, the columns b, b+StrideW, ...: element (i, j) of the phase
// is element (i*StrideH + a - PadTop, j*StrideW + b - PadLeft) of the image,
// or zero in the padding. Tap (r, s) of output (p, q) reads element
//
//	(p + ro, q + co) of phase (r*DilationH mod StrideH, s*DilationW mod StrideW)
//
// with ro = r*DilationH / StrideH and co = s*DilationW / StrideW: a step of
// one output column is a step of one element in the phase, whatever the
// stride. A phase is Hph = P + ro's largest rows of Wph = Q + co's largest
// columns; over the columns of a GEMM that run over output rows Wph wide,
// not Q (the columns Q and past of each row are wasted), the elements one
// tap reads of one channel are a row in memory, and those of the next
// channel the row Hph*Wph further. So the forward pass is a GEMM over a
// few taps at a time (tapK), the k steps (tap, c),
//
//	C[kg, P*Wph] += w[kg, (tap, c) of the taps] × phases[(tap, c), from each tap's first element]
//
// with B where it lies, in runs of the channels of one tap
// (gemm.BSegments): the engine packs it as its first tile reads it, no tap
// needs a test for the padding, and no panel a run per output row. The
// filter is reordered (taps (r, s, c)) so that a tap's columns are
// contiguous. C, Wph wide, goes to a buffer, and the epilogue of the last
// GEMM moves each finished block's Q columns of each row into the output
// (compactor), finishing them there while they are in cache. On the AMD
// EPYC Zen 5, one thread, the 64-channel 3x3 layer at 56x56 ran at 0.82 to
// 0.85 times PyTorch's speed so, against 0.68 to 0.76 as one GEMM whose B
// panels were packed a tap at a time, and the 128-channel layer at 28x28 at
// 0.81 to 0.90 against 0.69. The filter gradient multiplies the same
// operand, its rows served where they lie (tapRows), by dy widened to Wph
// columns a row with zeros.

// phasedWaste is the largest fraction of wasted columns, (Wph-Q)/Q, for
// which the passes run on the phases; tests raise it, to run every shape
// there. On the Zen 5, one thread, ResNet's 256 channels at 14x14 (2/14
// wasted) ran 1.2-1.35 times as fast on the phases as on im2col panels at
// batch 32, and 512 at 7x7 (2/7) half as fast. (Few output channels per
// group once sent a plan to the phases at any waste, as im2col's fill cost
// more per element of B than they multiply; since fill runs on Im2colRows,
// LeNet-5's second layer, 16 output channels and 4/10 wasted, runs 1.5-2
// times as fast on im2col, forward and filter gradient, and so do 2, 4 and
// 8 output channels.)
var phasedWaste = 1.0 / 5

// phases is the geometry of a plan's phases.
type phases struct {
	hph, wph int   // a phase's rows and columns
	plane    int   // hph*wph
	used     []int // the phases the taps read, a*StrideW + b
	tapAt    []int // per tap (r, s): the offset of channel 0's first element it reads
	length   int   // of the phases of a group's channels, and what the last reads past them
}

// usePhases reports whether the plan's passes run on the phases: not for
// the convolutions that read x in place (pointwise) or run on stencils
// (depthwise.go), nor where the wasted columns would cost too much
// (phasedWaste).
func (pl *Plan[T]) usePhases() bool {
	return !pl.pointwise && !pl.stencilFilter && pl.waste() <= phasedWaste
}

// waste is the fraction of wasted columns of a row on the phases,
// (Wph-Q)/Q.
func (pl *Plan[T]) waste() float64 {
	s := &pl.s
	return float64((s.S-1)*s.DilationW/s.StrideW) / float64(pl.q)
}

// newPhases returns the geometry of the plan's phases.
func (pl *Plan[T]) newPhases() *phases {
	s := &pl.s
	roMax, coMax := (s.R-1)*s.DilationH/s.StrideH, (s.S-1)*s.DilationW/s.StrideW
	ph := &phases{hph: pl.p + roMax, wph: pl.q + coMax}
	ph.plane = ph.hph * ph.wph
	slot := make([]int, s.StrideH*s.StrideW) // a phase's place among those used, plus one
	for r := range s.R {
		for t := range s.S {
			phase := r*s.DilationH%s.StrideH*s.StrideW + t*s.DilationW%s.StrideW
			if slot[phase] == 0 {
				ph.used = append(ph.used, phase)
				slot[phase] = len(ph.used)
			}
			ro, co := r*s.DilationH/s.StrideH, t*s.DilationW/s.StrideW
			ph.tapAt = append(ph.tapAt, (slot[phase]-1)*pl.cg*ph.plane+ro*ph.wph+co)
		}
	}
	ph.length = len(ph.used)*pl.cg*ph.plane + coMax
	return ph
}

// splitPhases sets xph to the phases the taps read of the cg channels x of one
// image and group, then zeros to its length.
func (pl *Plan[T]) splitPhases(xph, x []T) { pl.splitPhasesOf(pl.phases, xph, x) }

// splitPhasesOf is splitPhases for the phases ph.
func (pl *Plan[T]) splitPhasesOf(ph *phases, xph, x []T) {
	s := &pl.s
	for slot, phase := range ph.used {
		a, b := phase/s.StrideW, phase%s.StrideW
		// The phase's columns inside the image: j*StrideW + b - PadLeft in [0, W).
		lo, hi := span(ph.wph, s.StrideW, b-s.PadLeft, s.W)
		for c := range pl.cg {
			plane := xph[(slot*pl.cg+c)*ph.plane : (slot*pl.cg+c+1)*ph.plane]
			src := x[c*s.H*s.W : (c+1)*s.H*s.W]
			for i := range ph.hph {
				row := plane[i*ph.wph : (i+1)*ph.wph]
				h := i*s.StrideH + a - s.PadTop
				if h < 0 || h >= s.H || lo == hi {
					clear(row)
					continue
				}
				clear(row[:lo])
				in := src[h*s.W : (h+1)*s.W]
				if s.StrideW == 1 {
					copy(row[lo:hi], in[lo+b-s.PadLeft:])
				} else {
					for j := lo; j < hi; j++ {
						row[j] = in[j*s.StrideW+b-s.PadLeft]
					}
				}
				clear(row[hi:])
			}
		}
	}
	clear(xph[len(ph.used)*pl.cg*ph.plane : ph.length])
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

// forwardPhased computes image n of the forward pass on the phases: per
// group and tap, C[kg, P*Wph] += w_g[kg, tap's cg] × the tap's channels,
// compacted into y_g by the last tap's epilogue; the pass's filter, w, is
// reordered (reorderFilter).
func (pl *Plan[T]) forwardPhased(sl *slab[T], n int) {
	s, a, ph := &pl.s, &pl.args, pl.phases
	pq, hw, cols := pl.p*pl.q, s.H*s.W, pl.p*ph.wph
	pool.Grow(&sl.xp, ph.length)
	pool.Grow(&sl.yext, pl.kg*cols)
	for g := range s.Groups {
		pl.splitPhases(sl.xp, a.x[(n*s.C+g*pl.cg)*hw:(n*s.C+(g+1)*pl.cg)*hw])
		sl.cp = compactor[T]{y: a.y[(n*s.K+g*pl.kg)*pq:], wp: ph.wph, q: pl.q,
			blockStride: pl.q, rowStride: pq, jBlock: pl.q}
		if a.ep != nil {
			sl.cp.ep = pl.imageEpilogue(sl, n, g)
		}
		taps := len(ph.tapAt)
		per := max(1, min(taps, tapK/pl.cg))
		for t0 := 0; t0 < taps; t0 += per {
			nt := min(per, taps-t0)
			sl.runs = tapRows[T]{xp: sl.xp[:ph.length], ph: ph, cg: pl.cg, first: t0}
			p := gemm.Problem[T]{M: pl.kg, N: cols, K: nt * pl.cg, Alpha: 1,
				A: a.w[g*pl.kg*pl.crs+t0*pl.cg:], Lda: pl.crs, SegmentsB: &sl.runs, C: sl.yext, Ldc: cols}
			if t0 > 0 {
				p.Beta = 1
			}
			if t0+nt == taps {
				p.Epilogue = &sl.cp
			}
			gemm.Run(pl.gemm(), p)
		}
	}
	sl.cp, sl.ep = compactor[T]{}, fused.Epilogue[T]{}
}

// compactor is the epilogue of a GEMM whose C is wider than the output:
// C's columns fall into blocks wp wide, of which the first q are output
// positions and the rest are dropped. It moves those into y, block b's
// column j and C's row i to y[b*blockStride + i*rowStride + j], and
// finishes them there with ep, if any, whose coordinates for that element
// are (i, b*jBlock + j) and whose residual is resBlock further per block.
// On the phases a block is an output row (wp = Wph, q = Q); for a run of
// images, an image (wp = q = P*Q).
type compactor[T Float] struct {
	y                      []T
	wp, q                  int
	blockStride, rowStride int
	jBlock, resBlock       int
	ep                     *fused.Epilogue[T]
}

// Finish implements gemm.Epilogue.
func (e *compactor[T]) Finish(c []T, ldc, i, j, rows, cols int) {
	for b := j / e.wp; b*e.wp < j+cols; b++ {
		lo, hi := max(j, b*e.wp), min(j+cols, b*e.wp+e.q)
		if lo >= hi {
			continue
		}
		col := lo - b*e.wp
		at := b*e.blockStride + i*e.rowStride + col
		for r := range rows {
			copy(e.y[at+r*e.rowStride:at+r*e.rowStride+hi-lo], c[r*ldc+lo-j:])
		}
		if e.ep != nil {
			ep := *e.ep
			if ep.Residual != nil {
				ep.Residual = ep.Residual[b*e.resBlock:]
			}
			ep.Finish(e.y[at:], e.rowStride, i, b*e.jBlock+col, rows, hi-lo)
		}
	}
}

// tapRows is the filter gradient's A operand: its rows are the taps and
// channels (r, s, c), its columns the output positions, Wph to a row: row
// (tap, c) is the phase row that tap reads of channel c, where it lies.
type tapRows[T Float] struct {
	xp    []T
	ph    *phases
	cg    int
	first int // the tap of row 0
}

// SegmentB implements gemm.BSegments: tapRows as the forward pass's B,
// row (tap, c) of the phases, the channels of one tap a run.
func (a *tapRows[T]) SegmentB(p int) ([]T, int, int) {
	tap, c := a.first+p/a.cg, p%a.cg
	return a.xp[a.ph.tapAt[tap]+c*a.ph.plane : a.ph.length], a.ph.plane, a.cg - c
}

// RowA implements gemm.ARows.
func (a *tapRows[T]) RowA(i, p0, kc int) []T {
	at := a.ph.tapAt[i/a.cg] + i%a.cg*a.ph.plane + p0
	return a.xp[at : at+kc]
}

// widen copies the kg planes of P×Q of dy into dyw, planes of P rows of wp
// with zeros in the columns Q and past, plane k from dyw[k*ld] on
// (widenPlanes): the A operand of the filter gradient on the phases (wp =
// Wph), the B operand of the wide input gradient (wp the padded width, an
// image's planes ld apart in the rows of its batch).
func (pl *Plan[T]) widen(sl *slab[T], dyw, dy []T, wp, ld int) {
	widenPlanes(pl.vec(), &sl.widenRuns, dyw, ld, dy, pl.kg, pl.p, pl.q, wp)
}

// filterPhasedImage adds image n's filter gradient on the phases to dwr
// (or sets it there, where beta is 0): per group, its transpose with the
// taps ordered (r, s, c), dwr_g[crs, kg], gains tapRows(x_g)[crs, P*Wph] ×
// widen(dy_g)^T (filterLayout's phasedLayout). (dw itself as widen(dy_g) ×
// tapRows^T would transpose every panel of B, crs×P*Wph elements an image,
// where this transposes widen(dy_g), kg×P*Wph: on the Zen 5 the transposes
// took a fifth of the 64-channel 3x3 layer's filter gradient.)
func (pl *Plan[T]) filterPhasedImage(sl *slab[T], dwr, dy, x []T, n int, beta T) {
	s, ph := &pl.s, pl.phases
	pq, hw, cols := pl.p*pl.q, s.H*s.W, pl.p*ph.wph
	pool.Grow(&sl.xp, ph.length)
	pool.Grow(&sl.yext, pl.kg*cols)
	for g := range s.Groups {
		pl.splitPhases(sl.xp, x[(n*s.C+g*pl.cg)*hw:(n*s.C+(g+1)*pl.cg)*hw])
		pl.widen(sl, sl.yext, dy[(n*s.K+g*pl.kg)*pq:], ph.wph, pl.p*ph.wph)
		sl.rows = tapRows[T]{xp: sl.xp[:ph.length], ph: ph, cg: pl.cg}
		gemm.Run(pl.gemm(), gemm.Problem[T]{TransB: true, M: pl.crs, N: pl.kg, K: cols, Alpha: 1,
			RowsA: &sl.rows, B: sl.yext, Ldb: cols, Beta: beta, C: dwr[g*pl.kg*pl.crs:], Ldc: pl.kg})
	}
	sl.rows = tapRows[T]{}
}

// tapK is about the k of one GEMM of the forward pass on the phases: as
// many taps' channels as make it up, at least one tap. One GEMM per tap
// loads and stores C for every cg steps of k; one over all taps has k
// blocks whose panels of B and A's tiles outgrow L1 when cg is small. On
// the Zen 5, one thread, alternating runs of the two and of k = 256: the
// 128-channel 3x3 layer at 28x28 ran 1.03-1.1 times as fast at k = 256 as
// per tap, and as fast as over all taps; the 64-channel layer at 56x56 as
// fast per tap as at k = 256, and 1.1-1.3 times as fast as over all taps.
const tapK = 256
