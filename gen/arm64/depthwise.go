package arm64

import "fmt"

func init() { register("depthwise", depthwise) }

// depthwise writes the row kernels of depthwise convolution at unit stride,
// Depthwise3x3S1 and Depthwise5x5S1, as gen/amd64's: a block of output
// vectors stays in registers across all k*k taps. The weights stay in
// registers, packed as vectors, and FMLA takes each by its lane; each tap
// loads the block's input vectors from one of the k rows, shifted by the
// tap's column.
func depthwise(f *File) {
	for _, k := range []int{3, 5} {
		for _, t := range Elems {
			depthwiseRow(f, t, k)
		}
	}
}

// depthwiseBlock is how many output vectors one iteration keeps in
// registers, each with a register for the input vector of the tap.
const depthwiseBlock = 8

func depthwiseRow(f *File, t Elem, k int) {
	field := fmt.Sprintf("Depthwise%dx%dS1", k, k)
	fn := f.Function(t, field, fmt.Sprintf("depthwise%dx%dS1%sNEON", k, k, t.Name),
		fmt.Sprintf("implements %s.%s with NEON.", t.Table, field),
		[]Param{Slice("y", t), Slice("x", t), Int("ldx"), Slice("w", t)}, nil)

	// Registers: accumulators 0..7, input vectors 8..15, weights from 16.
	// General: y in R0, the k input rows in R1..Rk, w in R6.
	taps, lanes := k*k, t.Lanes()
	acc := func(v int) int { return v }
	in := func(v int) int { return depthwiseBlock + v }
	weights := 2 * depthwiseBlock
	if taps%lanes > 1 || weights+(taps+lanes-1)/lanes > 32 {
		panic("gen: the depthwise weights do not fit")
	}
	fn.I("MOVD %s, %s", fn.Arg("y", "len"), count)
	fn.I("MOVD %s, R0", fn.Arg("y"))
	fn.I("MOVD %s, R1", fn.Arg("x"))
	fn.I("MOVD %s, R6", fn.Arg("w"))
	fn.I("MOVD %s, %s", fn.Arg("ldx"), scratch)
	fn.I("LSL $%d, %s, %s", t.Shift(), scratch, scratch)
	for r := 2; r <= k; r++ {
		fn.I("ADD %s, R%d, R%d", scratch, r-1, r)
	}
	// The weights as vectors, the last one alone in lane 0: w holds no
	// more than k*k elements.
	for j := 0; j < taps; j += lanes {
		if j+lanes <= taps {
			fn.I("FMOVQ %d(R6), F%d", j*t.Size, weights+j/lanes)
		} else {
			fn.I("FMOV%s %d(R6), F%d", t.Suffix(), j*t.Size, weights+j/lanes)
		}
	}

	// block computes n output vectors, or one element when scalar is set.
	block := func(n int, scalar bool) {
		load, store := "FMOVQ", "FMOVQ"
		if scalar {
			load, store = "FMOV"+t.Suffix(), "FMOV"+t.Suffix()
		}
		for v := range n {
			fn.Zero(acc(v))
		}
		for j := range taps {
			r, c := j/k, j%k
			for v := range n {
				fn.I("%s %d(R%d), F%d", load, (v*lanes+c)*t.Size, r+1, in(v))
			}
			for v := range n {
				fn.W(FMLAELEM(t, acc(v), in(v), weights+j/lanes, j%lanes))
			}
		}
		for v := range n {
			fn.I("%s F%d, %d(R0)", store, acc(v), v*16)
		}
	}
	advance := func(bytes int) {
		for r := range k + 1 {
			fn.I("ADD $%d, R%d", bytes, r)
		}
	}
	// loop runs block(n) while n vectors are left.
	loop := func(n int) {
		top, end := fn.Label("loop"), fn.Label("done")
		fn.I("CMP $%d, %s", n*lanes, count)
		fn.I("BLT %s", end)
		fn.Place(top)
		block(n, false)
		advance(n * 16)
		fn.I("SUB $%d, %s", n*lanes, count)
		fn.I("CMP $%d, %s", n*lanes, count)
		fn.I("BGE %s", top)
		fn.Place(end)
	}
	loop(depthwiseBlock)
	loop(1)
	// The last elements one at a time, each in lane 0.
	done, top := fn.Label("done"), fn.Label("tail")
	fn.I("CBZ %s, %s", count, done)
	fn.Place(top)
	block(1, true)
	advance(t.Size)
	fn.I("SUBS $1, %s, %s", count, count)
	fn.I("BNE %s", top)
	fn.Place(done)
}
