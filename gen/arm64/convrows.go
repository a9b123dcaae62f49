package arm64

import "fmt"

func init() { register("convrows", convRows) }

// convRows writes ConvRows for both element types, as gen/amd64's: along
// the row of n outputs, blocks of six vectors (four rows each, 24
// accumulators) across all the steps, then one block of the whole vectors
// left, then the elements one at a time. A step loads its four weights
// as one vector (two for float64) and multiplies each vector of its input
// by them lane by lane (FMLA by element).
func convRows(f *File) {
	for _, t := range Elems {
		convRowsKernel(f, t)
	}
}

// Registers: R0 the outputs left, R1 y at the block, R2 ldy in bytes, R3
// the weights, R4 x at the block, R5 and R6 the offsets and past them, R7
// and R8 the step's offset and weights, R9 x at the step's input, R10 y at
// a row, R11 scratch. V0-V23 accumulate (row k's vector v in V(k*nv+v)
// of a block of nv), V24-V29 hold the step's input, V30 and V31 its
// weights.
const (
	crBlock          = 6
	crInput, crWRegs = 24, 30
)

func convRowsKernel(f *File, t Elem) {
	fn := f.Function(t, "ConvRows", fmt.Sprintf("convRows%sNEON", t.Name), fmt.Sprintf("implements %s.ConvRows with NEON.", t.Table),
		[]Param{Int("n"), Slice("y", t), Int("ldy"), Slice("w", t), Slice("x", t), Ints("offs")}, nil)
	lanes := 16 / t.Size
	end := fn.Label("end")
	fn.I("MOVD %s, R0", fn.Arg("n"))
	fn.I("MOVD %s, R6", fn.Arg("offs", "len"))
	fn.I("CBZ R0, %s", end)
	fn.I("CBZ R6, %s", end)
	fn.I("MOVD %s, R1", fn.Arg("y"))
	fn.I("MOVD %s, R2", fn.Arg("ldy"))
	fn.I("LSL $%d, R2, R2", t.Shift())
	fn.I("MOVD %s, R3", fn.Arg("w"))
	fn.I("MOVD %s, R4", fn.Arg("x"))
	fn.I("MOVD %s, R5", fn.Arg("offs"))
	fn.I("ADD R6<<3, R5, R6")

	wide, rest := fn.Label("wide"), fn.Label("rest")
	fn.Place(wide)
	fn.I("CMP $%d, R0", crBlock*lanes)
	fn.I("BLT %s", rest)
	convRowsBlock(fn, t, crBlock)
	fn.I("B %s", wide)
	fn.Place(rest)
	for v := crBlock - 1; v > 0; v-- {
		next := fn.Label("fewer")
		fn.I("CMP $%d, R0", v*lanes)
		fn.I("BLT %s", next)
		convRowsBlock(fn, t, v)
		fn.Place(next)
	}
	fn.I("CBZ R0, %s", end)
	scalar := fn.Label("scalar")
	fn.Place(scalar)
	convRowsBlock(fn, t, 0)
	fn.I("CBNZ R0, %s", scalar)
	fn.Place(end)
}

// convRowsBlock emits a block of nv vectors (0: one element) of the four
// rows, and moves R1, R4 and R0 past it.
func convRowsBlock(fn *Func, t Elem, nv int) {
	vector := nv > 0
	width, count := nv*16, nv*16/t.Size
	if !vector {
		nv, width, count = 1, t.Size, 1
	}
	st := &Step{fn: fn, T: t, vector: vector}
	acc := func(k, v int) int { return k*nv + v }
	for k := range 4 {
		for v := range nv {
			st.Zero(acc(k, v))
		}
	}
	fn.I("MOVD R5, R7")
	fn.I("MOVD R3, R8")
	loop := fn.Label("step")
	fn.Place(loop)
	fn.I("MOVD.P 8(R7), R9")
	fn.I("ADD R9<<%d, R4, R9", t.Shift())
	if vector {
		if t.Size == 4 {
			fn.I("VLD1.P 16(R8), [V%d.S4]", crWRegs)
		} else {
			fn.I("VLD1.P 32(R8), [V%d.D2, V%d.D2]", crWRegs, crWRegs+1)
		}
		for v0 := 0; v0 < nv; v0 += 4 {
			m := min(4, nv-v0)
			fn.I("VLD1.P %d(R9), %s", 16*m, regList(t, crInput+v0, m))
		}
		for v := range nv {
			for k := range 4 {
				reg, lane := crWRegs, k
				if t.Size == 8 {
					reg, lane = crWRegs+k/2, k%2
				}
				fn.W(FMLAELEM(t, acc(k, v), crInput+v, reg, lane))
			}
		}
	} else {
		for k := range 4 {
			fn.I("FMOV%s %d(R8), F%d", t.Suffix(), k*t.Size, crInput+1+k)
		}
		fn.I("ADD $%d, R8", 4*t.Size)
		fn.I("FMOV%s (R9), F%d", t.Suffix(), crInput)
		for k := range 4 {
			st.FMA(crInput, crInput+1+k, acc(k, 0))
		}
	}
	fn.I("CMP R6, R7")
	fn.I("BNE %s", loop)
	fn.I("MOVD R1, R10")
	for k := range 4 {
		if vector {
			fn.I("VST1 %s, (R10)", regList(t, acc(k, 0), min(4, nv)))
			if nv > 4 {
				fn.I("ADD $64, R10, R11")
				fn.I("VST1 %s, (R11)", regList(t, acc(k, 4), nv-4))
			}
		} else {
			fn.I("FMOV%s F%d, (R10)", t.Suffix(), acc(k, 0))
		}
		fn.I("ADD R2, R10")
	}
	fn.I("ADD $%d, R1", width)
	fn.I("ADD $%d, R4", width)
	fn.I("SUB $%d, R0", count)
}
