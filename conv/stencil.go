package conv

import (
	"unsafe"

	"github.com/simdla/simdla/kernels"
)

// stencil is the correlation of one input plane with one R×S filter into
// one output plane, the loop both depthwise forward and, with the filter
// turned round, its backward data pass run: output (a, b) is the sum over
// the taps (r, t) whose input element
//
//	(a*StrideH - PadTop + r*DilationH, b*StrideW - PadLeft + t*DilationW)
//
// lies inside the inH×inW input, of that element times w[r*S+t]. The
// padding may be negative here (the input is then cropped).
type stencil struct {
	Window
	inH, inW   int // the input plane
	outH, outW int // the output plane
}

// ceilDiv returns ⌈a/b⌉ for b > 0 and any a.
func ceilDiv(a, b int) int {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -(-a / b)
}

// span returns the range [lo, hi) of the output columns b < n whose input
// column b*stride + off lies in [0, w); lo == hi when there is none.
func span(n, stride, off, w int) (lo, hi int) {
	lo = min(n, max(0, ceilDiv(-off, stride)))
	hi = min(n, max(lo, ceilDiv(w-off, stride)))
	return lo, hi
}

// correlate overwrites the output planes of out, one per R×S filter of w,
// with the stencils of the input plane in and those filters. Where v has
// a kernel for the filter (blocked), it pads the input into buf (bands),
// grown as needed, a band of rows at a time, so that every tap is inside
// and one kernel call computes a band of an output plane; each band is
// padded once for all the filters. Otherwise each tap that reads a row of
// the input is a vector kernel call over the columns where the tap is
// inside the input (correlateRow).
func correlate[T kernels.Float](v *kernels.Vec[T], st *stencil, out, in, w []T, buf *[]T) {
	if blocked(v, st, out, in, w, buf) {
		return
	}
	rs, pq := st.R*st.S, st.outH*st.outW
	for f := range len(w) / rs {
		w, out := w[f*rs:(f+1)*rs], out[f*pq:(f+1)*pq]
		for a := range st.outH {
			orow := out[a*st.outW : (a+1)*st.outW]
			clear(orow)
			for r := range st.R {
				ih := a*st.StrideH - st.PadTop + r*st.DilationH
				if ih < 0 || ih >= st.inH {
					continue
				}
				correlateRow(v, st, orow, in[ih*st.inW:(ih+1)*st.inW], w, r)
			}
		}
	}
}

// bandElems is about how many elements of padded input a band of blocked
// holds: 16 KiB of float32, which L1 keeps.
const bandElems = 4096

// blocked computes the stencil with v's block kernels if they serve it (3x3
// and 5x5 filters at unit strides, 3x3 at stride 2, undilated) and reports
// whether they did. The padded input of a band of output rows goes into
// buf: its rows in full at unit stride, split into their even and odd
// columns at stride 2. Each band is padded once for all w's filters.
func blocked[T kernels.Float](v *kernels.Vec[T], st *stencil, out, in, w []T, buf *[]T) bool {
	k := st.R
	if st.S != k || st.DilationH != 1 || st.DilationW != 1 || st.StrideH != st.StrideW || st.outH == 0 || st.outW == 0 {
		return false
	}
	var kern func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T)
	switch {
	case st.StrideH == 1 && k == 3:
		kern = v.Depthwise3x3S1
	case st.StrideH == 1 && k == 5:
		kern = v.Depthwise5x5S1
	case st.StrideH == 2 && k == 3:
	default:
		return false
	}
	if kern == nil {
		return stride2(v, st, out, in, w, buf)
	}
	ldx, rs, pq := st.outW+k-1, k*k, st.outH*st.outW
	band := min(st.outH, max(1, bandElems/ldx-(k-1)))
	x := bands(buf, (band+k-1)*ldx)[0]
	for a0 := 0; a0 < st.outH; a0 += band {
		rows := min(band, st.outH-a0)
		for rho := range rows + k - 1 {
			padRow(st, x[rho*ldx:(rho+1)*ldx], in, a0-st.PadTop+rho)
		}
		for f := range len(w) / rs {
			kern(rows, st.outW, out[f*pq+a0*st.outW:(f+1)*pq], st.outW, x, ldx, w[f*rs:(f+1)*rs])
		}
	}
	return true
}

// stride2 is blocked for a 3x3 filter at stride 2, with Depthwise3x3S2: a
// band's input rows are padded to 2*ldx columns each (padRow; the padded
// row of PadLeft+W+PadRight columns fits, and the columns past it stay
// zero), then split into their even and odd columns, rows ldx apart, by
// one Deinterleave over the band.
func stride2[T kernels.Float](v *kernels.Vec[T], st *stencil, out, in, w []T, buf *[]T) bool {
	ldx, pq := st.outW+1, st.outH*st.outW
	band := min(st.outH, max(1, bandElems/(4*ldx)))
	span := (2*band + 1) * ldx // elements of even, and of odd, for a band
	b := bands(buf, 2*span, span, span)
	padded, even, odd := b[0], b[1], b[2]
	for a0 := 0; a0 < st.outH; a0 += band {
		rows := min(band, st.outH-a0)
		n := (2*rows + 1) * ldx
		for rho := range 2*rows + 1 {
			padRow(st, padded[2*rho*ldx:2*(rho+1)*ldx], in, 2*a0-st.PadTop+rho)
		}
		v.Deinterleave(n, padded[:2*n], even[:n], odd[:n])
		for f := range len(w) / 9 {
			v.Depthwise3x3S2(rows, st.outW, out[f*pq+a0*st.outW:(f+1)*pq], st.outW, even, odd, ldx, w[f*9:(f+1)*9])
		}
	}
	return true
}

// bands lays up to three arrays of the given lengths out one after
// another in *buf, which it makes (zeroed) if it is shorter than they and
// their slack need, and returns them, each shifted by pageSlack elements
// where it would otherwise end within 64 bytes of a page boundary: the
// kernels read the last columns of a row with masked loads, and on Intel
// cores a masked load whose masked-off lanes cross into the next page
// costs a microcode assist. LeNet-5's first layer, whose padded plane is
// 32×32 float32 (4 KiB, which Go places on a page), ran Depthwise5x5S1
// 2.2 times as slow with the band on a page as a few bytes off it (on the
// Xeon, AVX-512), and the layer took 170 or 340 µs a batch depending on
// where its buffers lay. A buffer serves one stencil, and the layout
// depends only on the buffer and the lengths, so the stencil finds the
// padding columns padRow leaves, zero from make, where it left them.
func bands[T any](buf *[]T, lengths ...int) (out [3][]T) {
	need := 0
	for _, n := range lengths {
		need += n + pageSlack
	}
	if len(*buf) < need {
		*buf = make([]T, need)
	}
	b := *buf
	at := 0
	for i, n := range lengths {
		end := uintptr(unsafe.Pointer(&b[0])) + uintptr(at+n)*unsafe.Sizeof(b[0])
		if page := end % 4096; page < 64 || page > 4096-64 {
			at += pageSlack
		}
		out[i] = b[at : at+n]
		at += n
	}
	return out
}

// pageSlack is how far bands shifts an array off a page boundary: 128
// bytes of float32.
const pageSlack = 32

// padRow sets dst to input row ih padded: dst[j] is in's element (ih,
// j-PadLeft), zero outside the input. It writes only the columns inside the
// input, unless the row is outside: the others must be zero already, as in
// a buffer that bands made and that only padRow wrote for this stencil.
func padRow[T kernels.Float](st *stencil, dst, in []T, ih int) {
	if ih < 0 || ih >= st.inH {
		clear(dst)
		return
	}
	lo := min(len(dst), max(0, st.PadLeft))
	hi := min(len(dst), max(lo, st.PadLeft+st.inW))
	if lo < hi {
		copy(dst[lo:hi], in[ih*st.inW+lo-st.PadLeft:(ih+1)*st.inW])
	}
}

// widenPlanes copies the planes of P×Q of src, one after another, into
// dst, planes of P rows of wp >= Q elements with zeros in the columns Q
// and past, plane k from dst[k*ld] on, on v's Im2colRows: row a of a
// plane is that kernel's tap a, which reads the Q elements from a*Q on,
// and a call copies every plane where they lie P*wp apart in dst, each
// plane otherwise. runs holds the taps, made for P and Q as needed.
func widenPlanes[T kernels.Float](v *kernels.Vec[T], runs *[]int, dst []T, ld int, src []T, planes, p, q, wp int) {
	if len(*runs) != 3*p || (*runs)[1] != q {
		*runs = (*runs)[:0]
		for a := range p {
			*runs = append(*runs, 0, q, a*q)
		}
	}
	pq := p * q
	if ld == p*wp {
		v.Im2colRows(planes*p, wp, dst[:planes*p*wp], wp, src[:planes*pq], pq, *runs, 0, 0)
		return
	}
	for k := range planes {
		v.Im2colRows(p, wp, dst[k*ld:k*ld+p*wp], wp, src[k*pq:(k+1)*pq], pq, *runs, 0, 0)
	}
}

// correlateRow adds the taps of filter row r applied to the input row irow
// to the output row orow.
func correlateRow[T kernels.Float](v *kernels.Vec[T], st *stencil, orow, irow, w []T, r int) {
	c := func(t int) T { return w[r*st.S+t] }
	sw, dw := st.StrideW, st.DilationW
	rowTaps(&st.Window, st.outW, st.inW, func(t, lo, hi, i int) {
		v.AxpyRows(c(t), c(t+1), c(t+2), c(t+3), orow[lo:hi], irow[i:i+hi-lo+3*dw], dw)
	}, func(t, lo, hi, i int) {
		if sw == 1 {
			v.Axpy(c(t), irow[i:i+hi-lo], orow[lo:hi])
		} else {
			v.AxpyInc(hi-lo, c(t), irow[i:i+(hi-lo-1)*sw+1], sw, orow[lo:hi], 1)
		}
	})
}

// rowTaps walks the S taps of one filter row along an output row of n
// columns, whose column b tap t reads from column b*StrideW - PadLeft +
// t*DilationW of an input row of w columns. For each tap it calls one(t,
// lo, hi, i) over the columns [lo, hi) where the tap is inside the input,
// i being the input column of output column lo; with StrideW == 1 and four
// not nil it calls four(t, lo, hi, i) instead for each four neighbouring
// taps t..t+3 over the columns where all four are inside, and one for the
// columns of each of them outside that range. It never calls either with
// lo == hi.
func rowTaps(win *Window, n, w int, four, one func(t, lo, hi, i int)) {
	sw := win.StrideW
	off := func(t int) int { return t*win.DilationW - win.PadLeft }
	tap := func(t, lo, hi int) {
		if lo < hi {
			one(t, lo, hi, lo*sw+off(t))
		}
	}
	t := 0
	for ; four != nil && sw == 1 && t+4 <= win.S; t += 4 {
		// The first tap starts the latest, the last one ends the earliest.
		lo, _ := span(n, 1, off(t), w)
		_, hi := span(n, 1, off(t+3), w)
		for j := t; j < t+4; j++ {
			l, h := span(n, 1, off(j), w)
			if lo >= hi {
				tap(j, l, h)
				continue
			}
			tap(j, l, lo)
			tap(j, hi, h)
		}
		if lo < hi {
			four(t, lo, hi, lo+off(t))
		}
	}
	for ; t < win.S; t++ {
		lo, hi := span(n, sw, off(t), w)
		tap(t, lo, hi)
	}
}
