package arm64

import (
	"fmt"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("smallk", smallK) }

// smallK writes, for both element types, GEMM's kernel of small inner
// dimensions, Gemm.SmallK:
//
//	func smallK<T>NEON(rows, n, k int, alpha T, a *T, rsa, csa int, b *T, ldb int, beta T, c *T, ldc int)
//
// which sets C(i,j) = alpha*(A(i,0)*B(0,j) + ... + A(i,k-1)*B(k-1,j)) +
// beta*C(i,j) with the micro-kernels' arithmetic, walking C row after row
// (see gen/amd64's smallK). Each row runs in blocks of four vectors, then
// single vectors, then single elements.
func smallK(f *File) {
	for _, t := range Elems {
		smallKKernel(f, t)
	}
}

// Registers: R0 rows left, R1 n in bytes, R2 k, R3 A's row, R4 rsa bytes,
// R5 csa bytes, R6 B, R7 ldb bytes, R8 C's row, R9 ldc bytes, R10 the
// block's byte offset in the row, R11 and R12 A and B at a step, R13 the
// steps left, R14 scratch, R15 the block of C. V0-V3 accumulate, V4 and
// V5 hold alpha and beta, V6 an element of A, V16-V19 B's row, V20-V23 C.
const (
	skAlpha, skBeta, skA = 4, 5, 6
	skB, skC             = 16, 20
)

func smallKKernel(f *File, t Elem) {
	name := fmt.Sprintf("smallK%sNEON", t.Name)
	fn := f.Function(t, "Gemm.SmallK", name, fmt.Sprintf("is %s.Gemm.SmallK, with NEON.", t.Table), paramsOf(t, table.SmallKParams()), nil)
	for i, p := range []string{"rows", "n", "k", "a", "rsa", "csa", "b", "ldb", "c", "ldc"} {
		fn.I("MOVD %s, R%d", fn.Arg(p), i)
	}
	for _, r := range []int{1, 4, 5, 7, 9} {
		fn.I("LSL $%d, R%d, R%d", t.Shift(), r, r)
	}
	fn.BroadcastArg(t, "alpha", skAlpha)
	fn.BroadcastArg(t, "beta", skBeta)
	end, set := fn.Label("end"), fn.Label("rowset")
	fn.I("CBZ R0, %s", end)
	fn.I("FCMP%s $(0.0), F%d", t.Suffix(), skBeta)
	fn.I("BEQ %s", set)

	// block computes nv vectors of the row at R10 (vector), or one element.
	block := func(nv int, vector, readC bool) {
		st := &Step{fn: fn, T: t, vector: vector}
		for v := range nv {
			st.Zero(v)
		}
		fn.I("MOVD R3, R11")
		fn.I("ADD R10, R6, R12")
		fn.I("MOVD R2, R13")
		loop := fn.Label("steps")
		fn.Place(loop)
		if vector {
			fn.I("VLD1R.P (R11)(R5), [V%d.%s]", skA, t.Arr())
			fn.I("VLD1.P (R12)(R7), %s", regList(t, skB, nv))
		} else {
			fn.I("FMOV%s (R11), F%d", t.Suffix(), skA)
			fn.I("ADD R5, R11")
			fn.I("FMOV%s (R12), F%d", t.Suffix(), skB)
			fn.I("ADD R7, R12")
		}
		for v := range nv {
			st.FMA(skB+v, skA, v)
		}
		fn.I("SUBS $1, R13, R13")
		fn.I("BNE %s", loop)
		fn.I("ADD R10, R8, R15")
		if readC {
			if vector {
				fn.I("VLD1 (R15), %s", regList(t, skC, nv))
			} else {
				fn.I("FMOV%s (R15), F%d", t.Suffix(), skC)
			}
		}
		for v := range nv {
			st.Mul(v, skAlpha, v)
			if readC {
				st.FMA(skC+v, skBeta, v)
			}
		}
		if vector {
			fn.I("VST1 %s, (R15)", regList(t, 0, nv))
		} else {
			fn.I("FMOV%s F0, (R15)", t.Suffix())
		}
	}

	for _, readC := range []bool{true, false} {
		row := fn.Label("row")
		if !readC {
			fn.Place(set)
		}
		fn.Place(row)
		fn.I("MOVD ZR, R10")
		for _, w := range []struct {
			nv     int
			vector bool
		}{{4, true}, {1, true}, {1, false}} {
			bytes := w.nv * 16
			if !w.vector {
				bytes = t.Size
			}
			loop, next := fn.Label("blocks"), fn.Label("blocksdone")
			fn.Place(loop)
			fn.I("ADD $%d, R10, R14", bytes)
			fn.I("CMP R1, R14")
			fn.I("BGT %s", next)
			block(w.nv, w.vector, readC)
			fn.I("MOVD R14, R10")
			fn.I("B %s", loop)
			fn.Place(next)
		}
		fn.I("ADD R4, R3")
		fn.I("ADD R9, R8")
		fn.I("SUBS $1, R0, R0")
		fn.I("BNE %s", row)
		fn.I("B %s", end)
	}
	fn.Place(end)
}

// regList is the register list of n vectors of t from V(first): "[V16.D2, V17.D2]".
func regList(t Elem, first, n int) string {
	s := "["
	for j := range n {
		if j > 0 {
			s += ", "
		}
		s += fmt.Sprintf("V%d.%s", first+j, t.Arr())
	}
	return s + "]"
}
