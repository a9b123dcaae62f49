package conv

import (
	"fmt"

	"github.com/simdla/simdla/kernels"
)

// maxRunTaps bounds the taps whose reads fill works out at once: a larger
// window's are worked out and filled maxRunTaps taps of a channel at a
// time.
const maxRunTaps = 64

// fill sets dst[i*rowStride + d*colStride] to im2col's element (row0+i,
// j0+d) for the rows i < rows, of the channels x (cg planes of H×W, the
// next image's t.image further), and the output positions of the runs segs
// (from taps.runs). Run by run, it works out once what each tap reads
// (runTaps), then fills the rows (c, r, s) in one call of Im2colRows where
// both strides are 1 (stride 1 along the row, and the rows of dst
// contiguous), element by element otherwise. (Working out the reads once
// per run made LeNet-5's second layer twice as fast on the Zen 5, 18 to
// 35 GFLOP/s, and ResNet's 512 channels at 7x7 1.1 times.)
func fill[T Float](v *kernels.Vec[T], t *taps, x []T, dst []T, rowStride, colStride, row0, rows int, segs []segment) {
	hw, rs := t.h*t.w, t.r*t.s
	var buf [3 * maxRunTaps]int
	for _, g := range segs {
		for i := 0; i < rows; {
			c, tap := (row0+i)/rs, (row0+i)%rs
			first, nt, m := 0, rs, rows-i
			if rs > maxRunTaps {
				first, nt = tap, min(maxRunTaps, rs-tap)
				tap, m = 0, min(m, nt)
			}
			table := buf[:3*nt]
			t.runTaps(table, g, first)
			xc := x[g.img*t.image+c*hw:]
			if colStride == 1 && t.sw == 1 {
				im2colRows(v, m, g.n, dst[i*rowStride+g.d:], rowStride, xc, hw, table, tap)
			} else {
				fillStrided(t.sw, m, g.n, dst[i*rowStride+g.d*colStride:], rowStride, colStride, xc, hw, table, tap)
			}
			i += m
		}
	}
}

// fillStrided is Im2colRows at any stride sw along the row and any column
// stride: it sets dst[i*ldd + j*colStride] to x[c*plane + at + j*sw] where
// the row's tap reads inside the image, and 0 elsewhere.
func fillStrided[T Float](sw, rows, n int, dst []T, ldd, colStride int, x []T, plane int, table []int, tap int) {
	nt, base := len(table)/3, 0
	for i := range rows {
		lo, hi, at := table[3*tap], table[3*tap+1], table[3*tap+2]
		out := dst[i*ldd:]
		for j := range n {
			var e T
			if j >= lo && j < hi {
				e = x[base+at+j*sw]
			}
			out[j*colStride] = e
		}
		if tap++; tap == nt {
			tap, base = 0, base+plane
		}
	}
}

// im2colRows runs v.Im2colRows, whose assembly has no bounds checks, after
// checking that every element it reads lies in x and every one it writes
// in dst; it panics otherwise. The check costs a pass over the taps, not
// over the rows: the reads of every tap are checked against the first and
// the last channel the rows reach.
func im2colRows[T Float](v *kernels.Vec[T], rows, n int, dst []T, ldd int, x []T, plane int, table []int, tap int) {
	if rows == 0 || n == 0 {
		return
	}
	nt := len(table) / 3
	if rows < 0 || n < 0 || rows > 1 && ldd < n || plane < 0 || nt == 0 || len(table) != 3*nt || tap < 0 || tap >= nt {
		panic(fmt.Sprintf("conv: Im2colRows(rows %d, n %d, ldd %d, plane %d, %d ints of taps, tap %d): bad arguments",
			rows, n, ldd, plane, len(table), tap))
	}
	if need := (rows-1)*ldd + n; need > len(dst) {
		panic(fmt.Sprintf("conv: Im2colRows writes %d elements of dst, which has %d", need, len(dst)))
	}
	last := (tap + rows - 1) / nt // the last row's channel
	for k := range nt {
		lo, hi, at := table[3*k], table[3*k+1], table[3*k+2]
		if lo < 0 || lo > hi || hi > n {
			panic(fmt.Sprintf("conv: Im2colRows: tap %d reads positions [%d, %d) of a run of %d", k, lo, hi, n))
		}
		if lo < hi && (at+lo < 0 || last*plane+at+hi > len(x)) {
			panic(fmt.Sprintf("conv: Im2colRows: tap %d reads x[%d:%d] of channels 0 to %d, %d apart, of %d elements",
				k, at+lo, at+hi, last, plane, len(x)))
		}
	}
	v.Im2colRows(rows, n, dst, ldd, x, plane, table, tap)
}
