package conv

import "github.com/simdla/simdla/kernels"

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

// correlate overwrites the output plane out with the stencil of the input
// plane in and the R×S filter w. Where v has a row kernel for the filter
// (rowKernel), it computes each output row whose taps all read rows of the
// input, over the columns where all taps are inside it; the columns left
// over in those rows are summed here, element by element. Every other row
// gets each tap that reads a row of the input in a vector kernel call over
// the columns where the tap is inside the input (correlateRow).
func correlate[T kernels.Float](v *kernels.Vec[T], st *stencil, out, in, w []T) {
	kern := rowKernel(v, &st.Window)
	// The columns where every tap is inside the input.
	lo, _ := span(st.outW, 1, -st.PadLeft, st.inW)
	_, hi := span(st.outW, 1, st.S-1-st.PadLeft, st.inW)
	for a := range st.outH {
		orow := out[a*st.outW : (a+1)*st.outW]
		if ih := a - st.PadTop; kern != nil && ih >= 0 && ih+st.R <= st.inH && lo < hi {
			first, last := ih*st.inW+lo-st.PadLeft, (ih+st.R-1)*st.inW+hi-st.PadLeft+st.S-1
			kern(orow[lo:hi], in[first:last], st.inW, w)
			edge(st, orow, in, w, ih, 0, lo)
			edge(st, orow, in, w, ih, hi, st.outW)
			continue
		}
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

// rowKernel returns v's row kernel for win, or nil if it has none: there
// are kernels for 3x3 and 5x5 filters at unit strides and dilations.
func rowKernel[T kernels.Float](v *kernels.Vec[T], win *Window) func(y, x []T, ldx int, w []T) {
	if win.StrideH != 1 || win.StrideW != 1 || win.DilationH != 1 || win.DilationW != 1 || win.R != win.S {
		return nil
	}
	switch win.R {
	case 3:
		return v.Depthwise3x3S1
	case 5:
		return v.Depthwise5x5S1
	}
	return nil
}

// edge sets the output elements orow[b], from <= b < to, of a row whose R
// taps read the input rows from ih on, all inside the input, at unit
// strides and dilations: the sum of the taps inside the input, by the
// definition.
func edge[T kernels.Float](st *stencil, orow, in, w []T, ih, from, to int) {
	for b := from; b < to; b++ {
		// The taps t0 <= t < t1 are inside the input.
		i := b - st.PadLeft
		t0, t1 := max(0, -i), min(st.S, st.inW-i)
		if t0 >= t1 { // every tap in the padding
			orow[b] = 0
			continue
		}
		var sum T
		for r := range st.R {
			row, wr := in[(ih+r)*st.inW+i+t0:(ih+r)*st.inW+i+t1], w[r*st.S+t0:r*st.S+t1]
			for t, c := range wr {
				sum += c * row[t]
			}
		}
		orow[b] = sum
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
