package arm64

import (
	"fmt"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("depthwise", depthwise) }

// depthwise writes the block kernels of depthwise convolution,
// Depthwise3x3S1, Depthwise5x5S1 and Depthwise3x3S2, as gen/amd64's: the
// output in groups of rows, each group along its columns in blocks of
// rows × vectors that stay in registers across all the taps. The weights
// stay in registers, packed as vectors, and FMLA takes each by its lane;
// each vector of input, a row shifted by a tap's column, is loaded once
// for every output row of the block that reads it (table's Loads). The
// last elements of every row go one at a time.
func depthwise(f *File) {
	for _, d := range table.DepthwiseKernels() {
		for _, t := range Elems {
			depthwiseKernel(f, t, d)
		}
	}
}

// depthwiseAcc is how many output vectors a block keeps in registers, and
// how many registers the vectors of input it loads rotate through.
const depthwiseAcc = 8

// dwGP are the general registers the depthwise kernels allocate from.
var dwGP = []string{"R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12",
	"R13", "R14", "R15", "R16", "R17", "R19", "R20", "R21", "R22", "R23", "R24", "R25"}

func depthwiseKernel(f *File, t Elem, d table.DepthwiseKernel) {
	field := d.Field
	params := []Param{Int("rows"), Int("cols"), Slice("y", t), Int("ldy")}
	for _, p := range d.Planes {
		params = append(params, Slice(p, t))
	}
	params = append(params, Int("ldx"), Slice("w", t))
	fn := f.Function(t, field, fmt.Sprintf("%s%sNEON", string(field[0]+'a'-'A')+field[1:], t.Name),
		fmt.Sprintf("implements %s.%s with NEON.", t.Table, field), params, nil)

	taps, lanes := len(d.Taps), t.Lanes()
	acc := func(v int) int { return v }
	in := func(v int) int { return depthwiseAcc + v }
	weights := 2 * depthwiseAcc
	if taps%lanes > 1 || weights+(taps+lanes-1)/lanes > 32 {
		panic("gen: the depthwise weights do not fit")
	}
	next := 0
	alloc := func() string {
		r := dwGP[next]
		next++
		return r
	}
	rows, cols, col, ly, ldx, w, yrow := alloc(), alloc(), alloc(), alloc(), alloc(), alloc(), alloc()
	prow := make([]string, len(d.Planes))
	for p := range prow {
		prow[p] = alloc()
	}
	ys := make([]string, d.MaxRows)
	for m := range ys {
		ys[m] = alloc()
	}
	lastRow := (d.MaxRows-1)*d.Stride + d.Taps[taps-1].Row
	ptr := make([][]string, len(d.Planes)) // ptr[p][rho]: input row rho of plane p
	for p := range ptr {
		for range lastRow + 1 {
			ptr[p] = append(ptr[p], alloc())
		}
	}

	fn.I("MOVD %s, %s", fn.Arg("rows"), rows)
	fn.I("MOVD %s, %s", fn.Arg("cols"), cols)
	fn.I("MOVD %s, %s", fn.Arg("y"), yrow)
	fn.I("MOVD %s, %s", fn.Arg("ldy"), ly)
	fn.I("LSL $%d, %s, %s", t.Shift(), ly, ly)
	for p, name := range d.Planes {
		fn.I("MOVD %s, %s", fn.Arg(name), prow[p])
	}
	fn.I("MOVD %s, %s", fn.Arg("ldx"), ldx)
	fn.I("LSL $%d, %s, %s", t.Shift(), ldx, ldx)
	fn.I("MOVD %s, %s", fn.Arg("w"), w)
	// The weights as vectors, the last one alone in lane 0: w holds no
	// more than taps elements.
	for j := 0; j < taps; j += lanes {
		if j+lanes <= taps {
			fn.I("FMOVQ %d(%s), F%d", j*t.Size, w, weights+j/lanes)
		} else {
			fn.I("FMOV%s %d(%s), F%d", t.Suffix(), j*t.Size, w, weights+j/lanes)
		}
	}

	// block computes mr rows of n output vectors, or of one element when
	// scalar is set.
	block := func(mr, n int, scalar bool) {
		load, size := "FMOVQ", 16
		if scalar {
			load, size = "FMOV"+t.Suffix(), t.Size
		}
		for v := range mr * n {
			fn.Zero(acc(v))
		}
		loaded := 0 // the loads rotate through the input registers
		for _, l := range d.Loads(mr) {
			for v := range n {
				x := in(loaded % depthwiseAcc)
				loaded++
				fn.I("%s %d(%s), F%d", load, v*size+l.Col*t.Size, ptr[l.Plane][l.Row], x)
				for _, u := range l.Uses {
					fn.W(FMLAELEM(t, acc(u.Out*n+v), x, weights+u.Tap/lanes, u.Tap%lanes))
				}
			}
		}
		for m := range mr {
			for v := range n {
				fn.I("%s F%d, %d(%s)", load, acc(m*n+v), v*size, ys[m])
			}
		}
	}
	advance := func(mr, bytes int) {
		for m := range mr {
			fn.I("ADD $%d, %s", bytes, ys[m])
		}
		for p := range ptr {
			for rho := range (mr-1)*d.Stride + d.Taps[taps-1].Row + 1 {
				fn.I("ADD $%d, %s", bytes, ptr[p][rho])
			}
		}
	}
	// loop runs block(mr, n) while n vectors are left.
	loop := func(mr, n int) {
		top, end := fn.Label("loop"), fn.Label("done")
		fn.I("CMP $%d, %s", n*lanes, col)
		fn.I("BLT %s", end)
		fn.Place(top)
		block(mr, n, false)
		advance(mr, n*16)
		fn.I("SUB $%d, %s", n*lanes, col)
		fn.I("CMP $%d, %s", n*lanes, col)
		fn.I("BGE %s", top)
		fn.Place(end)
	}
	for mr := d.MaxRows; mr >= 1; mr /= 2 {
		group, end, next := fn.Label("rows"), fn.Label("rowsend"), fn.Label("next")
		fn.Place(group)
		fn.I("CMP $%d, %s", mr, rows)
		fn.I("BLT %s", end)
		fn.I("MOVD %s, %s", yrow, ys[0])
		for m := 1; m < mr; m++ {
			fn.I("ADD %s, %s, %s", ly, ys[m-1], ys[m])
		}
		for p := range ptr {
			fn.I("MOVD %s, %s", prow[p], ptr[p][0])
			for rho := 1; rho <= (mr-1)*d.Stride+d.Taps[taps-1].Row; rho++ {
				fn.I("ADD %s, %s, %s", ldx, ptr[p][rho-1], ptr[p][rho])
			}
		}
		fn.I("MOVD %s, %s", cols, col)
		if nv := min(depthwiseAcc/mr, 4); nv > 1 {
			loop(mr, nv)
		}
		loop(mr, 1)
		top := fn.Label("tail")
		fn.I("CBZ %s, %s", col, next)
		fn.Place(top)
		block(mr, 1, true)
		advance(mr, t.Size)
		fn.I("SUBS $1, %s, %s", col, col)
		fn.I("BNE %s", top)
		fn.Place(next)
		for range mr {
			fn.I("ADD %s, %s", ly, yrow)
		}
		for p := range prow {
			for range mr * d.Stride {
				fn.I("ADD %s, %s", ldx, prow[p])
			}
		}
		fn.I("SUB $%d, %s", mr, rows)
		fn.I("B %s", group)
		fn.Place(end)
	}
}
