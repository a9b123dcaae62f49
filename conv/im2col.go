package conv

// The image seen through the filter's window, im2col: for one image and
// group, the matrix B of CRS rows, one per tap (c, r, s) of the cg
// channels, and P*Q columns, one per output position (p, q), where
//
//	B((c,r,s), (p,q)) = x[c, p*StrideH - PadTop + r*DilationH, q*StrideW - PadLeft + s*DilationW]
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
	sh, sw     int   // strides
	dh, dw     int   // dilations
	pt, pl     int   // padding at the top and the left
	r, s       int   // window
	ohLo, ohHi []int // per window row r: the output rows whose tap r lies inside the image
	owLo, owHi []int // per window column s: the output columns likewise
}

func newTaps(s Shape, p, q int) *taps {
	t := &taps{h: s.H, w: s.W, p: p, q: q, sh: s.StrideH, sw: s.StrideW, dh: s.DilationH, dw: s.DilationW,
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
		off := t*dil - pad                              // o*stride + off in [0, size)
		lo[t] = min(out, max(0, ceilDiv(-off, stride))) // first o with o*stride >= -off
		hi[t] = max(lo[t], min(out, ceilDiv(size-off, stride)))
	}
	return lo, hi
}

// ceilDiv is a/b rounded up, for b > 0 and any a.
func ceilDiv(a, b int) int {
	if a <= 0 {
		return -(-a / b)
	}
	return (a + b - 1) / b
}

// fill sets dst[d*stride] for d < n to im2col's row (c, r, s), row =
// (c*R + r)*S + s, from column j0 on, of the channels x (cg planes of
// H×W).
func fill[T Float](t *taps, x []T, dst []T, stride, row, j0, n int) {
	c, tap := row/(t.r*t.s), row%(t.r*t.s)
	r, s := tap/t.s, tap%t.s
	plane := x[c*t.h*t.w : (c+1)*t.h*t.w]
	oh, ow := j0/t.q, j0%t.q
	for d := 0; d < n; oh, ow = oh+1, 0 {
		seg := min(n-d, t.q-ow) // the columns of output row oh
		lo, hi := ow, ow
		if oh >= t.ohLo[r] && oh < t.ohHi[r] {
			lo = min(max(ow, t.owLo[s]), ow+seg)
			hi = max(lo, min(ow+seg, t.owHi[s]))
		}
		// Output columns [ow, lo) and [hi, ow+seg) read padding; column o
		// inside reads plane[at + o*sw].
		at := (oh*t.sh-t.pt+r*t.dh)*t.w - t.pl + s*t.dw
		if stride == 1 {
			clear(dst[d : d+lo-ow])
			if t.sw == 1 && hi > lo {
				copy(dst[d+lo-ow:d+hi-ow], plane[at+lo:at+hi])
			} else {
				for o, e := lo, d+lo-ow; o < hi; o, e = o+1, e+1 {
					dst[e] = plane[at+o*t.sw]
				}
			}
			clear(dst[d+hi-ow : d+seg])
		} else {
			for o, e := ow, d*stride; o < ow+seg; o, e = o+1, e+stride {
				var v T
				if o >= lo && o < hi {
					v = plane[at+o*t.sw]
				}
				dst[e] = v
			}
		}
		d += seg
	}
}

// im2col is one image's im2col matrix as the engine's B operand, for the
// forward pass: op(B) is B.
type im2col[T Float] struct {
	t *taps
	x []T // the group's channels of the image
}

// PackB implements gemm.BPacker.
func (b *im2col[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	for p := range kc {
		row := dst[p*width : (p+1)*width]
		fill(b.t, b.x, row, 1, p0+p, j0, n)
		clear(row[n:])
	}
}

// im2colT is one image's im2col matrix transposed, for the filter
// gradient: op(B) is B^T, P*Q × CRS.
type im2colT[T Float] struct {
	t *taps
	x []T
}

// PackB implements gemm.BPacker.
func (b *im2colT[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	for j := range n {
		fill(b.t, b.x, dst[j:], width, j0+j, p0, kc)
	}
	for j := n; j < width; j++ {
		for p := range kc {
			dst[p*width+j] = T(0)
		}
	}
}
