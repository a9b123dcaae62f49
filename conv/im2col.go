package conv

import "github.com/simdla/simdla/kernels"

// The images seen through the filter's window, im2col: for a run of
// images and one group, the matrix B of CRS rows, one per tap (c, r, s) of
// the cg channels, and P*Q columns per image, one per output position
// (n, p, q), where
//
//	B((c,r,s), (n,p,q)) = x[n, c, p*StrideH - PadTop + r*DilationH, q*StrideW - PadLeft + s*DilationW]
//
// or zero where that falls in the padding. The forward pass and the
// filter gradient multiply by it without storing it: the engine asks for
// panels of it (im2col.PackB, or transposed, im2colT.PackB), which fill
// (fill.go) fills a run of output positions at a time.

// taps holds what a plan knows of its window, for the packers: the output
// range each tap reads inside the image, and what each tap reads of each
// output row, so that filling a run of output positions needs no test per
// element and no work per tap.
type taps struct {
	h, w, p, q int   // image height and width, output height and width
	image      int   // elements from one image of x to the next: C*H*W
	sh, sw     int   // strides
	dh, dw     int   // dilations
	pt, pl     int   // padding at the top and the left
	r, s       int   // window
	ohLo, ohHi []int // per window row r: the output rows whose tap r lies inside the image
	owLo, owHi []int // per window column s: the output columns likewise
	// reads is, per output row oh, what its taps read, as Im2colRows
	// takes them: R*S taps (r, s) of three ints from reads[oh*R*S*3] on,
	// the output columns [lo, hi) whose tap reads inside the image, and
	// the offset at in a channel of what column 0 would read, column o
	// reading at + o*StrideW.
	reads []int
	// Every element a tap of an output row reads of a channel lies in
	// [first, end), within [0, H*W).
	first, end int
}

func newTaps(s Shape, p, q int) *taps {
	t := &taps{h: s.H, w: s.W, p: p, q: q, image: s.C * s.H * s.W, sh: s.StrideH, sw: s.StrideW, dh: s.DilationH, dw: s.DilationW,
		pt: s.PadTop, pl: s.PadLeft, r: s.R, s: s.S}
	t.ohLo, t.ohHi = inside(s.R, s.DilationH, s.PadTop, s.StrideH, s.H, p)
	t.owLo, t.owHi = inside(s.S, s.DilationW, s.PadLeft, s.StrideW, s.W, q)
	t.rowReads()
	return t
}

// rowReads sets t.reads and the extent of those reads, first and end.
func (t *taps) rowReads() {
	t.reads = make([]int, 0, t.p*t.r*t.s*3)
	t.first, t.end = t.h*t.w, 0
	for oh := range t.p {
		for r := range t.r {
			for s := range t.s {
				lo, hi := 0, 0
				if oh >= t.ohLo[r] && oh < t.ohHi[r] {
					lo, hi = t.owLo[s], t.owHi[s]
				}
				at := (oh*t.sh-t.pt+r*t.dh)*t.w - t.pl + s*t.dw
				t.reads = append(t.reads, lo, hi, at)
				if lo < hi {
					t.first, t.end = min(t.first, at+lo*t.sw), max(t.end, at+(hi-1)*t.sw+1)
				}
			}
		}
	}
	t.first = min(t.first, t.end)
}

// inside returns, for each of the n taps of a window dimension, the range
// [lo, hi) of outputs o < out whose tap reads inside the image of size
// size: 0 <= o*stride - pad + t*dil < size.
func inside(n, dil, pad, stride, size, out int) (lo, hi []int) {
	lo, hi = make([]int, n), make([]int, n)
	for t := range n {
		lo[t], hi[t] = span(out, stride, t*dil-pad, size)
	}
	return lo, hi
}

// segment is a run of output positions in one output row: columns
// [ow, ow+n) of row oh of image img (of the run of images), the run's
// first at index d of the panel.
type segment struct{ img, oh, ow, n, d int }

// segments is room for the runs a packer works through at a time, on its
// goroutine's stack: the engine packs panels concurrently.
type segments [16]segment

// runs fills s with the runs, one per output row, of the output positions
// from j0 on, at most n of them, the first at index d0 of the panel, and
// returns the runs and how many positions they cover: all n, or as many
// as len(s) runs hold.
func (t *taps) runs(s *segments, j0, n, d0 int) ([]segment, int) {
	img, pos := j0/(t.p*t.q), j0%(t.p*t.q)
	oh, ow := pos/t.q, pos%t.q
	d, i := 0, 0
	for ; d < n && i < len(s); oh, ow, i = oh+1, 0, i+1 {
		if oh == t.p {
			oh, img = 0, img+1
		}
		seg := min(n-d, t.q-ow)
		s[i] = segment{img: img, oh: oh, ow: ow, n: seg, d: d0 + d}
		d += seg
	}
	return s[:i], d
}

// im2col is a run of images' im2col matrix as the engine's B operand, for
// the forward pass: op(B) is B.
type im2col[T Float] struct {
	v *kernels.Vec[T]
	t *taps
	x []T // the group's channels of the first image, and what follows
}

// PackB implements gemm.BPacker.
func (b *im2col[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	var s segments
	for done := 0; done < n; {
		runs, m := b.t.runs(&s, j0+done, n-done, done)
		fill(b.v, b.t, b.x, dst, width, 1, p0, kc, runs)
		done += m
	}
	if n < width {
		for p := range kc {
			clear(dst[p*width+n : (p+1)*width])
		}
	}
}

// im2colT is a run of images' im2col matrix transposed, for the filter
// gradient: op(B) is B^T, P*Q per image × CRS.
type im2colT[T Float] struct {
	v *kernels.Vec[T]
	t *taps
	x []T
}

// PackB implements gemm.BPacker.
func (b *im2colT[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	var s segments
	for done := 0; done < kc; {
		runs, m := b.t.runs(&s, p0+done, kc-done, done)
		fill(b.v, b.t, b.x, dst, 1, width, j0, n, runs)
		done += m
	}
	for j := n; j < width; j++ {
		for p := range kc {
			dst[p*width+j] = 0
		}
	}
}
