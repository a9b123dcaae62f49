package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("smallk", smallK) }

// smallK writes, for both element types, GEMM's kernel of small inner
// dimensions, Gemm.SmallK:
//
//	func smallK<T><ISA>(rows, n, k int, alpha T, a *T, rsa, csa int, b *T, ldb int, beta T, c *T, ldc int)
//
// sets C(i,j) = alpha*(A(i,0)*B(0,j) + ... + A(i,k-1)*B(k-1,j)) + beta*C(i,j)
// for i < rows and j < n, k >= 1, where A(i,p) = a[i*rsa + p*csa], B(p,j) =
// b[p*ldb + j] and C(i,j) = c[i*ldc + j], with the micro-kernels'
// arithmetic: the products summed by FMA from zero, p ascending, the sum
// times alpha, then beta*C added by FMA; with beta == 0 C is not read. It
// walks C row after row, each from its start, so that a problem whose cost
// is C's traffic (an outer product, a few steps of k) streams C at the
// speed of memory, where the micro-kernels' columns of tiles jump a tile's
// height of rows at every tile. B's k rows stay in cache.
func smallK(f *File) {
	for _, t := range Elems {
		smallKKernel(f, t)
	}
}

// Registers of the small-k kernel. Per block of a row: rOff is its byte
// offset in the row, rAp and rBp walk A's row and B's column block over
// the k steps, rP counts them.
var (
	rRows = reg.R8
	rEnd  = reg.R9 // n in bytes
	rK    = reg.R10
	rCsa  = reg.R11
	rLdb  = reg.R12
	rP    = reg.R13
	rARow = reg.RSI
	rB    = reg.RDI
	rCRow = reg.RDX
	rOff  = reg.RCX
	rBp   = reg.RBX
	rAp   = reg.RAX
)

// smallKVectors is how many vectors of a row one block computes.
const smallKVectors = 4

func smallKKernel(f *File, t Elem) {
	isa := f.ISA
	name := fmt.Sprintf("smallK%s%s", t.Name, isa.Suffix)
	f.function(t, "Gemm.SmallK", name, table.Signature(table.SmallKParams(), t.Go),
		fmt.Sprintf("%s is %s.Gemm.SmallK, with %s.", name, t.Table, isa.Requires))
	shift := t.Shift()
	width := isa.Width
	alphaV, betaV, av := smallKVectors, smallKVectors+1, smallKVectors+2
	rsaBytes, ldcBytes := f.AllocLocal(8), f.AllocLocal(8)
	bytes := func(param string, r reg.Register) {
		f.Load(f.Param(param), r)
		f.SHLQ(shift, r)
	}
	f.Load(f.Param("rows"), rRows)
	f.TESTQ(rRows, rRows)
	f.JZ(operand.LabelRef("end"))
	bytes("n", rEnd)
	f.Load(f.Param("k"), rK)
	bytes("csa", rCsa)
	bytes("ldb", rLdb)
	bytes("rsa", rP)
	f.MOVQ(rP, rsaBytes)
	bytes("ldc", rP)
	f.MOVQ(rP, ldcBytes)
	f.Load(f.Param("a"), rARow)
	f.Load(f.Param("b"), rB)
	f.Load(f.Param("c"), rCRow)
	f.broadcastScalar(t, "alpha", isa.Vec(alphaV))
	f.broadcastScalar(t, "beta", isa.Vec(betaV))
	// beta == 0 of either sign: the rows that do not read C.
	f.testZero(t, "beta", rP)
	f.JZ(operand.LabelRef("rowSet"))

	// block computes nv vectors of the row at rOff with o's instructions.
	block := func(o Ops, nv int, loop string, readC bool) {
		broadcast := insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)
		if o.Lanes == 1 {
			broadcast = o.Load
		}
		for v := range nv {
			f.zero(v, o.Lanes == 1)
		}
		f.MOVQ(rARow, rAp)
		f.LEAQ(operand.Mem{Base: rB, Index: rOff, Scale: 1}, rBp)
		f.MOVQ(rK, rP)
		f.Label(loop)
		broadcast(operand.Mem{Base: rAp}, o.Reg(av))
		for v := range nv {
			o.FMA(operand.Mem{Base: rBp, Disp: v * width}, o.Reg(av), o.Reg(v))
		}
		f.ADDQ(rCsa, rAp)
		f.ADDQ(rLdb, rBp)
		f.DECQ(rP)
		f.JNZ(operand.LabelRef(loop))
		cAt := func(v int) operand.Mem { return operand.Mem{Base: rCRow, Index: rOff, Scale: 1, Disp: v * width} }
		for v := range nv {
			o.Mul(o.Reg(alphaV), o.Reg(v), o.Reg(v))
			if readC {
				o.FMA(cAt(v), o.Reg(betaV), o.Reg(v))
			}
			o.Store(o.Reg(v), cAt(v))
		}
	}

	for _, readC := range []bool{true, false} {
		s := "Add"
		if !readC {
			s = "Set"
		}
		o := ops(f.Context, isa, t, false, nil)
		f.Label("row" + s)
		f.XORQ(rOff, rOff)
		// Blocks of smallKVectors vectors, then single vectors.
		for _, nv := range []int{smallKVectors, 1} {
			loop, next := fmt.Sprintf("blocks%d%s", nv, s), fmt.Sprintf("blocks%dDone%s", nv, s)
			f.Label(loop)
			f.LEAQ(operand.Mem{Base: rOff, Disp: nv * width}, rP)
			f.CMPQ(rP, rEnd)
			f.JG(operand.LabelRef(next))
			block(o, nv, fmt.Sprintf("steps%d%s", nv, s), readC)
			f.ADDQ(operand.U32(uint64(nv*width)), rOff)
			f.JMP(operand.LabelRef(loop))
			f.Label(next)
		}
		// The last elements, fewer than a vector: one predicated vector on
		// AVX-512 (masked lanes are neither loaded nor stored), one at a
		// time on AVX2.
		next := "nextRow" + s
		if isa.Masked {
			f.MOVQ(rEnd, rP)
			f.SUBQ(rOff, rP)
			f.SHRQ(shift, rP)
			f.JZ(operand.LabelRef(next))
			f.MOVQ(operand.I32(-1), rBp)
			f.BZHIQ(rP, rBp, rBp)
			f.KMOVW(rBp.As32(), reg.K1)
			block(ops(f.Context, isa, t, false, reg.K1), 1, "stepsMasked"+s, readC)
		} else {
			tail := "scalar" + s
			f.Label(tail)
			f.CMPQ(rOff, rEnd)
			f.JGE(operand.LabelRef(next))
			block(ops(f.Context, isa, t, true, nil), 1, "stepsScalar"+s, readC)
			f.ADDQ(operand.U32(uint64(t.Size)), rOff)
			f.JMP(operand.LabelRef(tail))
		}
		f.Label(next)
		f.ADDQ(rsaBytes, rARow)
		f.ADDQ(ldcBytes, rCRow)
		f.DECQ(rRows)
		f.JNZ(operand.LabelRef("row" + s))
		f.JMP(operand.LabelRef("end"))
	}
	f.Label("end")
	f.VZEROUPPER()
	f.RET()
}
