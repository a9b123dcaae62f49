package conv

// The images seen through the filter's window, im2col: for a run of
// images and one group, the matrix B of CRS rows, one per tap (c, r, s) of
// the cg channels, and P*Q columns per image, one per output position
// (n, p, q), where
//
//	B((c,r,s), (n,p,q)) = x[n, c, p*StrideH - PadTop + r*DilationH, q*StrideW - PadLeft + s*DilationW]
//
// or zero where that falls in the padding. The forward pass and the
// filter gradient multiply by it without storing it: the engine asks for
// panels of it (im2col.PackB, or transposed, im2colT.PackB), which are
// filled here a row segment at a time.

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

// tapRun is what one tap reads of one run of output positions: the
// positions [lo, hi) of the run inside the image (the others read
// padding), and the offset in a channel of what position o reads, at +
// o*StrideW.
type tapRun struct{ lo, hi, at int }

// run returns what tap (r, s) reads of the run of positions g.
func (t *taps) run(g segment, r, s int) tapRun {
	lo, hi := g.ow, g.ow
	if g.oh >= t.ohLo[r] && g.oh < t.ohHi[r] {
		lo = min(max(g.ow, t.owLo[s]), g.ow+g.n)
		hi = max(lo, min(g.ow+g.n, t.owHi[s]))
	}
	return tapRun{lo: lo, hi: hi, at: (g.oh*t.sh-t.pt+r*t.dh)*t.w - t.pl + s*t.dw}
}

// maxRunTaps bounds the windows whose taps' reads fill works out once per
// run of positions; a larger window's are worked out per row.
const maxRunTaps = 64

// fill sets dst[i*rowStride + d*colStride] to im2col's element (row0+i,
// j0+d) for the rows i < rows, of the channels x (cg planes of H×W, the
// next image's t.image further), and the output positions of the runs segs
// (from taps.runs). Run by run, it works out once what each tap reads
// (taps.run), then fills the rows (c, r, s), which follow one another
// without a division each; a run inside the image is one copy where both
// strides allow it. (Working out the reads once per run made LeNet-5's
// second layer twice as fast on the Zen 5, 18 to 35 GFLOP/s, and ResNet's
// 512 channels at 7x7 1.1 times.)
func fill[T Float](t *taps, x []T, dst []T, rowStride, colStride, row0, rows int, segs []segment) {
	hw, rs := t.h*t.w, t.r*t.s
	var tr [maxRunTaps]tapRun
	once := rs <= maxRunTaps
	for _, g := range segs {
		if once {
			for tap := range rs {
				tr[tap] = t.run(g, tap/t.s, tap%t.s)
			}
		}
		img := x[g.img*t.image:]
		c, tap := row0/rs, row0%rs
		for i := range rows {
			var run tapRun
			if once {
				run = tr[tap]
			} else {
				run = t.run(g, tap/t.s, tap%t.s)
			}
			// Output columns [ow, lo) and [hi, ow+n) read padding;
			// column o in [lo, hi) reads img[at + o*sw].
			at := c*hw + run.at
			if colStride == 1 {
				d := dst[i*rowStride+g.d : i*rowStride+g.d+g.n]
				if run.lo == g.ow && run.hi == g.ow+g.n && t.sw == 1 {
					copy(d, img[at+run.lo:at+run.hi])
				} else {
					clear(d)
					for o := run.lo; o < run.hi; o++ {
						d[o-g.ow] = img[at+o*t.sw]
					}
				}
			} else {
				out := dst[i*rowStride:]
				for o, e := g.ow, g.d*colStride; o < g.ow+g.n; o, e = o+1, e+colStride {
					var v T
					if o >= run.lo && o < run.hi {
						v = img[at+o*t.sw]
					}
					out[e] = v
				}
			}
			if tap++; tap == rs {
				tap, c = 0, c+1
			}
		}
	}
}

// im2col is a run of images' im2col matrix as the engine's B operand, for
// the forward pass: op(B) is B.
type im2col[T Float] struct {
	t *taps
	x []T // the group's channels of the first image, and what follows
}

// PackB implements gemm.BPacker.
func (b *im2col[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	var s segments
	for done := 0; done < n; {
		runs, m := b.t.runs(&s, j0+done, n-done, done)
		fill(b.t, b.x, dst, width, 1, p0, kc, runs)
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
	t *taps
	x []T
}

// PackB implements gemm.BPacker.
func (b *im2colT[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	var s segments
	for done := 0; done < kc; {
		runs, m := b.t.runs(&s, p0+done, kc-done, done)
		fill(b.t, b.x, dst, 1, width, j0, n, runs)
		done += m
	}
	for j := n; j < width; j++ {
		for p := range kc {
			dst[p*width+j] = 0
		}
	}
}
