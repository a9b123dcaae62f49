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
// range each tap reads inside the image, so that filling a row segment
// needs no test per element.
type taps struct {
	h, w, p, q int   // image height and width, output height and width
	image      int   // elements from one image of x to the next: C*H*W
	sh, sw     int   // strides
	dh, dw     int   // dilations
	pt, pl     int   // padding at the top and the left
	r, s       int   // window
	ohLo, ohHi []int // per window row r: the output rows whose tap r lies inside the image
	owLo, owHi []int // per window column s: the output columns likewise
}

func newTaps(s Shape, p, q int) *taps {
	t := &taps{h: s.H, w: s.W, p: p, q: q, image: s.C * s.H * s.W, sh: s.StrideH, sw: s.StrideW, dh: s.DilationH, dw: s.DilationW,
		pt: s.PadTop, pl: s.PadLeft, r: s.R, s: s.S}
	t.ohLo, t.ohHi = inside(s.R, s.DilationH, s.PadTop, s.StrideH, s.H, p)
	t.owLo, t.owHi = inside(s.S, s.DilationW, s.PadLeft, s.StrideW, s.W, q)
	return t
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

// runTaps sets table to what the taps first, first+1, ..., len(table)/3
// of them in the order (r, s), read of the run of positions g, three ints
// a tap as Im2colRows takes them: the positions [lo, hi) of the run inside
// the image (the others read padding), and the offset at in a channel of
// what position j of the run reads, at + j*StrideW.
func (t *taps) runTaps(table []int, g segment, first int) {
	for k := range len(table) / 3 {
		r, s := (first+k)/t.s, (first+k)%t.s
		lo, hi := g.ow, g.ow
		if g.oh >= t.ohLo[r] && g.oh < t.ohHi[r] {
			lo = min(max(g.ow, t.owLo[s]), g.ow+g.n)
			hi = max(lo, min(g.ow+g.n, t.owHi[s]))
		}
		at := (g.oh*t.sh-t.pt+r*t.dh)*t.w - t.pl + s*t.dw + g.ow*t.sw
		table[3*k], table[3*k+1], table[3*k+2] = lo-g.ow, hi-g.ow, at
	}
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
