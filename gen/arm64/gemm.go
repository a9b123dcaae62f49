package arm64

import (
	"fmt"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("gemm", gemm) }

// Gemm is the GEMM tile and blocks of each element type: 6 rows by four
// vectors, whose 24 accumulators, four vectors of B and four broadcasts of
// A take all 32 registers. A is packed in column panels, whose MR elements
// of a step the kernels load as vectors.
var Gemm = map[Elem]table.Gemm{
	F32: {MR: 6, NR: 16, MC: 120, KC: 256, NC: 4080, ColumnPanels: true},
	F64: {MR: 6, NR: 8, MC: 120, KC: 256, NC: 4080, ColumnPanels: true},
}

// gemm writes the GEMM micro-kernels for both element types:
//
//	func gemm<MR>x<NR><T>NEON(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, beta T, c *T, ldc int, pf uintptr, pfs int)
//
// computes C = alpha*A*B + beta*C for tiles MR×NR tiles stacked down a
// column of C, for the tile of Gemm, its shorter heights and all of these
// at half the width, where tile q's A(i,p) is a[q*nexta+i*rsa+p*csa], B(p,j)
// is b[p*rsb+j] and its C(i,j) is c[(q*MR+i)*ldc+j]. With beta == 0 C is
// not read. Each step of k loads a row of B with one VLD1, and step p of
// every tile prefetches the line at pf + p*pfs elements.
// When rsa is 1 (A packed in column panels, Gemm.ColumnPanels), A's MR
// elements are loaded as vectors and FMLA by element takes each from its
// lane; otherwise each is replicated into a vector of its own by VLD1R,
// which serves any layout (A used in place by the small-matrix path) but
// on cores such as Neoverse N1 also occupies a SIMD pipe.
//
// For the full tile there is also
//
//	func gemmPack<MR>x<NR><T>NEON(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, bp *T, beta T, c *T, ldc int)
//
// which computes the same and stores each row of B it loads at bp, NR
// elements apart, in place of the prefetch: the driver packs B's panel
// with the first tile that reads it.
func gemm(f *File) {
	for _, t := range Elems {
		g := Gemm[t]
		f.Table.Value(t.Name, "Gemm", g.Literal(t.Go))
		for _, w := range g.Widths() {
			for _, h := range g.Heights() {
				gemmKernel(f, t, g, h, w, false)
			}
		}
		gemmKernel(f, t, g, g.MR, g.NR, true)
	}
}

// load is one move of A's column into a register: FMOVQ, FMOVD or FMOVS.
type load struct {
	suffix      string
	offset, reg int
}

// columnLoads splits a column of mr elements of t into the widest loads,
// each into a register of its own, so that element i is in register
// i*size/16 at lane i*size%16/size and no byte past the column is read.
func columnLoads(t Elem, mr int) []load {
	var loads []load
	for off, bytes := 0, mr*t.Size; off < bytes; {
		for _, w := range []struct {
			suffix string
			size   int
		}{{"Q", 16}, {"D", 8}, {"S", 4}} {
			if bytes-off >= w.size {
				loads = append(loads, load{w.suffix, off, off / 16})
				off += w.size
				break
			}
		}
	}
	return loads
}

// Registers of the micro-kernel: V0-V23 accumulate (row i, vector j in
// V(i*vectors+j)), V24-V27 hold B's row, V28-V31 A's broadcasts; after
// the loop V24 holds alpha, V25 beta and V28-V31 a row of C.
const (
	bRegs    = 24
	aRegs    = 28
	alphaReg = 24
	betaReg  = 25
	cRegs    = 28
)

// gemmKernel writes the micro-kernel of mr rows by nr columns of the
// configuration g, the packing one if pack is set.
func gemmKernel(f *File, t Elem, g table.Gemm, mr, nr int, pack bool) {
	vectors := nr / t.Lanes()
	name := table.KernelName(mr, nr, t.Name, "NEON", pack)
	field := g.Field(mr, nr, pack)
	fn := f.Function(t, field, name, fmt.Sprintf("is %s.%s, with NEON.", t.Table, field), paramsOf(t, table.KernelParams(pack)), nil)
	acc := func(i, j int) int { return i*vectors + j }
	// R19 counts the tiles left; R20 and R21 hold the tile's A and C, and
	// move on by R22 (nexta) and R23 (MR rows of C) bytes per tile; R24
	// is the prefetch stream, R25 its stride in bytes, or in the packing
	// kernel where B's row goes and the packed row's length.
	for i, p := range []string{"rsa", "csa", "", "rsb", "", "ldc"} {
		if p != "" {
			fn.I("MOVD %s, R%d", fn.Arg(p), i+2)
			fn.I("LSL $%d, R%d, R%d", t.Shift(), i+2, i+2)
		}
	}
	fn.I("MOVD %s, R19", fn.Arg("tiles"))
	fn.I("MOVD %s, R20", fn.Arg("a"))
	fn.I("MOVD %s, R21", fn.Arg("c"))
	fn.I("MOVD %s, R22", fn.Arg("nexta"))
	fn.I("LSL $%d, R22, R22", t.Shift())
	fn.I("MOVD $%d, R23", mr)
	fn.I("MUL R7, R23, R23")
	if pack {
		fn.I("MOVD $%d, R25", nr*t.Size)
	} else {
		fn.I("MOVD %s, R25", fn.Arg("pfs"))
		fn.I("LSL $%d, R25, R25", t.Shift())
	}
	end := fn.Label("end")
	fn.I("CBZ R19, %s", end)
	next := fn.Label("tile")
	fn.Place(next)
	fn.I("MOVD %s, R0", fn.Arg("k"))
	fn.I("MOVD R20, R1")
	fn.I("MOVD %s, R4", fn.Arg("b"))
	fn.I("MOVD R21, R6")
	if pack {
		fn.I("MOVD %s, R24", fn.Arg("bp"))
	} else {
		fn.I("MOVD %s, R24", fn.Arg("pf"))
	}
	// Each step ends by prefetching, or by storing B's row into the
	// packed panel.
	stepEnd := func() {
		if pack {
			fn.I("VST1.P %s, (R24)(R25)", regList(t, bRegs, vectors))
			return
		}
		fn.I("PRFM (R24), PLDL1KEEP")
		fn.I("ADD R25, R24")
	}
	// Row i of A is at R(9+i), each moving on by csa bytes per step.
	fn.I("MOVD R1, R9")
	for i := 1; i < mr; i++ {
		fn.I("ADD R2, R%d, R%d", 8+i, 9+i)
	}
	for i := range mr * vectors {
		fn.Zero(i)
	}
	done := fn.Label("done")
	fn.I("CBZ R0, %s", done)
	byLane := fn.Label("bylane")
	fn.I("CMP $%d, R2", t.Size)
	fn.I("BEQ %s", byLane)
	// Any layout: each of A's elements replicated by a load of its own.
	loop := fn.Label("loop")
	fn.Place(loop)
	fn.I("VLD1.P (R4)(R5), %s", regList(t, bRegs, vectors))
	for i := range mr {
		a := aRegs + i%4
		fn.I("VLD1R.P (R%d)(R3), [V%d.%s]", 9+i, a, t.Arr())
		for j := range vectors {
			fn.FMLA(t, acc(i, j), a, bRegs+j)
		}
	}
	stepEnd()
	fn.I("SUBS $1, R0, R0")
	fn.I("BNE %s", loop)
	fn.I("B %s", done)
	// A in column panels (rsa = 1): a step's MR elements are contiguous,
	// loaded as vectors, and FMLA takes each by its lane.
	fn.Place(byLane)
	column := columnLoads(t, mr)
	for _, c := range column {
		fn.I("FMOV%s %d(R1), F%d", c.suffix, c.offset, aRegs+c.reg)
	}
	fn.I("ADD R3, R1")
	fn.I("VLD1.P (R4)(R5), %s", regList(t, bRegs, vectors))
	for i := range mr {
		reg, lane := i*t.Size/16, i*t.Size%16/t.Size
		for j := range vectors {
			fn.W(FMLAELEM(t, acc(i, j), bRegs+j, aRegs+reg, lane))
		}
	}
	stepEnd()
	fn.I("SUBS $1, R0, R0")
	fn.I("BNE %s", byLane)
	fn.Place(done)
	st := &Step{fn: fn, T: t, vector: true}
	fn.BroadcastArg(t, "alpha", alphaReg)
	fn.BroadcastArg(t, "beta", betaReg)
	// C = alpha*acc, plus beta*C unless beta == 0 (either sign): then C is
	// not read.
	zero, moveOn := fn.Label("betazero"), fn.Label("next")
	fn.I("FCMP%s $(0.0), F%d", t.Suffix(), betaReg)
	fn.I("BEQ %s", zero)
	for _, readC := range []bool{true, false} {
		if !readC {
			fn.Place(zero)
		}
		fn.I("MOVD R6, R9")
		for i := range mr {
			if readC {
				fn.I("VLD1 (R9), %s", regList(t, cRegs, vectors))
			}
			for j := range vectors {
				st.Mul(acc(i, j), alphaReg, acc(i, j))
				if readC {
					st.FMA(cRegs+j, betaReg, acc(i, j))
				}
			}
			fn.I("VST1.P %s, (R9)(R7)", regList(t, acc(i, 0), vectors))
		}
		if readC {
			fn.I("B %s", moveOn)
		}
	}
	// The next tile: A nexta elements on, C MR rows down.
	fn.Place(moveOn)
	fn.I("ADD R22, R20")
	fn.I("ADD R23, R21")
	fn.I("SUBS $1, R19, R19")
	fn.I("BNE %s", next)
	fn.Place(end)
}
