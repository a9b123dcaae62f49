package conv

import (
	"fmt"

	"github.com/simdla/simdla/kernels"
)

// fill sets dst[i*rowStride + d*colStride] to im2col's element (row0+i,
// j0+d) for the rows i < rows, of the channels x (cg planes of H×W, the
// next image's t.image further), and the output positions of the runs segs
// (from taps.runs). Each run is one call of Im2colRows, which fills the
// rows (c, r, s) from what the taps read of the run's output row
// (taps.reads), where both strides are 1 (stride 1 along the row, and the
// rows of dst contiguous); other strides fill from the same reads element
// by element. (On the Zen 5, one thread, batch 32, the kernel made
// LeNet-5's second layer's forward pass on im2col 2.4 times as fast as
// the rows filled in Go, a copy of 10 elements each, and ResNet's 512
// channels at 7x7 1.2 times.)
func fill[T Float](v *kernels.Vec[T], t *taps, x []T, dst []T, rowStride, colStride, row0, rows int, segs []segment) {
	hw, rs := t.h*t.w, t.r*t.s
	c, tap := row0/rs, row0%rs
	for _, g := range segs {
		xc := x[g.img*t.image+c*hw:]
		if colStride == 1 && t.sw == 1 {
			im2colRows(v, t, rows, g.n, dst[g.d:], rowStride, xc, g.oh, tap, g.ow)
		} else {
			reads := t.reads[g.oh*rs*3 : (g.oh+1)*rs*3]
			fillStrided(t.sw, rows, g.n, dst[g.d*colStride:], rowStride, colStride, xc, hw, reads, tap, g.ow)
		}
	}
}

// fillStrided is Im2colRows at any stride sw along the row and any column
// stride: it sets dst[i*ldd + j*colStride] to x[c*plane + at + (off+j)*sw]
// where the row's tap reads inside the image, and 0 elsewhere.
func fillStrided[T Float](sw, rows, n int, dst []T, ldd, colStride int, x []T, plane int, taps []int, tap, off int) {
	nt, base := len(taps)/3, 0
	for i := range rows {
		lo, hi, at := taps[3*tap], taps[3*tap+1], taps[3*tap+2]
		out := dst[i*ldd:]
		for j := range n {
			var e T
			if p := off + j; p >= lo && p < hi {
				e = x[base+at+p*sw]
			}
			out[j*colStride] = e
		}
		if tap++; tap == nt {
			tap, base = 0, base+plane
		}
	}
}

// im2colRows fills the rows i < rows of dst, ldd apart, with the run of
// output positions off, off+1, ..., off+n-1 of output row oh, rows
// (c, r, s) from tap on of the channels x: v.Im2colRows with what the
// taps read of the row (t.reads), whose assembly has no bounds checks,
// after checking that every element it reads lies in x and every one it
// writes in dst. It panics otherwise. The check is a few comparisons, not
// a pass over the taps or the rows: every read lies in [first, end) of the
// channels 0 to the last row's (taps.rowReads).
func im2colRows[T Float](v *kernels.Vec[T], t *taps, rows, n int, dst []T, ldd int, x []T, oh, tap, off int) {
	if rows == 0 || n == 0 {
		return
	}
	hw, rs := t.h*t.w, t.r*t.s
	if rows < 0 || n < 0 || rows > 1 && ldd < n || oh < 0 || oh >= t.p || tap < 0 || tap >= rs || off < 0 || off+n > t.q {
		panic(fmt.Sprintf("conv: Im2colRows(rows %d, n %d, ldd %d, output row %d of %d, tap %d of %d, from column %d of %d): bad arguments",
			rows, n, ldd, oh, t.p, tap, rs, off, t.q))
	}
	if need := (rows-1)*ldd + n; need > len(dst) {
		panic(fmt.Sprintf("conv: Im2colRows writes %d elements of dst, which has %d", need, len(dst)))
	}
	if last := (tap + rows - 1) / rs; t.first < 0 || last*hw+t.end > len(x) {
		panic(fmt.Sprintf("conv: Im2colRows reads x[%d:%d] of channels 0 to %d, %d apart, of %d elements",
			t.first, t.end, last, hw, len(x)))
	}
	v.Im2colRows(rows, n, dst, ldd, x, hw, t.reads[oh*rs*3:(oh+1)*rs*3], tap, off)
}
