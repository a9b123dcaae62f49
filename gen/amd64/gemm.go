package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("gemm", gemm) }

// gemm writes the GEMM micro-kernels of f's ISA for both element types.
//
//	func gemm<MR>x<NR><T><ISA>(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, beta T, c *T, ldc int, pf uintptr, pfs int)
//
// computes C = alpha*A*B + beta*C for tiles MR×NR tiles stacked down a
// column of C, for the tile of the ISA and type (ISA.Gemm), for each of
// its shorter heights, and for all of these at half the width, which
// covers leftover columns. Tile q's A(i,p) is a[q*nexta+i*rsa+p*csa], B(p,j)
// is b[p*rsb+j] for every tile, and its C(i,j) is c[(q*MR+i)*ldc+j]. With
// beta == 0 C is not read. Strides are in elements. Because A's element
// address is i*rsa + p*csa, A can be packed in whichever layout its storage
// copies into without transposing, or used in place. The loop over tiles
// stays in assembly, so that one call covers a column of a packed block.
// Step p of every tile prefetches the line at pf + p*pfs elements: the
// driver points it at what it reads next (the source of the next panel of
// B, or this panel ahead of its use).
//
// For the full tile there is also
//
//	func gemmPack<MR>x<NR><T><ISA>(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, bp *T, beta T, c *T, ldc int)
//
// which computes the same and stores each row of B it loads at bp, NR
// elements apart: the driver packs B's panel with the first tile that
// reads it, rather than in a pass of its own. It does not prefetch.
func gemm(f *File) {
	for _, t := range Elems {
		g := f.ISA.Gemm[t]
		f.Table.Value(t.Name, "Gemm", g.Literal(t.Go))
		for _, w := range g.Widths() {
			for _, h := range g.Heights() {
				gemmKernel(f, t, g, h, w, false)
			}
		}
		gemmKernel(f, t, g, g.MR, g.NR, true)
	}
}

// General-purpose registers of the GEMM micro-kernel. During the k loop
// row i of A is at (gA)(rowIndex[o]*2^s), i = o*2^s with o odd, so every
// odd multiple of rsa below MR has a register; C's rows use the same
// registers before and after the loop.
var (
	gK    = reg.RCX // k steps left
	gA    = reg.RSI // A at step p
	gCsa  = reg.R8  // A's column stride in bytes
	gB    = reg.RDI // B at step p
	gRsb  = reg.R9  // B's row stride in bytes
	gBeta = reg.RAX
	gPf   = reg.R14 // the prefetch stream (R14 is scratch in ABI0 code)
	gBp   = reg.R14 // where the packing kernel stores B, in place of the stream
	// rowIndex[o] holds o*rsa bytes, for odd o.
	rowIndex = map[int]reg.Physical{1: reg.R10, 3: reg.R11, 5: reg.R12, 7: reg.R13, 9: reg.RBX, 11: reg.RAX, 13: reg.RDX}
	// C: rows 0, 4, 8, 12 and the row stride and three times it, in
	// registers free outside the k loop.
	gRows = []reg.Physical{reg.RDX, reg.R12, reg.R13, reg.RBX}
	gLdc  = reg.R10
	gLdc3 = reg.R11
)

// rowOf returns the address of row i of a matrix whose row 0 is at base,
// with index registers holding the odd multiples of the row stride.
func rowOf(base reg.Physical, i, disp int) operand.Mem {
	m := operand.Mem{Base: base, Disp: disp}
	if i == 0 {
		return m
	}
	scale := 1
	for i%2 == 0 {
		i, scale = i/2, scale*2
	}
	m.Index, m.Scale = rowIndex[i], uint8(scale)
	return m
}

// gemmKernel writes the micro-kernel of mr rows by nr columns of the
// configuration g, the packing one if pack is set.
func gemmKernel(f *File, t Elem, g table.Gemm, mr, nr int, pack bool) {
	isa := f.ISA
	lanes := isa.Lanes(t.Size)
	nv := nr / lanes
	if nr%lanes != 0 || mr > 4*len(gRows) || mr > 14 {
		panic(fmt.Sprintf("gen: bad GEMM tile %dx%d for %s", mr, nr, isa.Name))
	}
	acc := func(i, v int) reg.VecPhysical { return isa.Vec(i*nv + v) }
	bv := func(v int) reg.VecPhysical { return isa.Vec(mr*nv + v) }
	// Broadcasts of A alternate between two registers where they fit.
	avs := []reg.VecPhysical{isa.Vec(mr*nv + nv)} // panics if the tile does not fit
	if mr*nv+nv+1 < isa.Regs {
		avs = append(avs, isa.Vec(mr*nv+nv+1))
	}
	av := avs[0]
	o := ops(f.Context, isa, t, false, nil)
	broadcast := insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)
	shift := t.Shift()

	name := table.KernelName(mr, nr, t.Name, isa.Suffix, pack)
	field := g.Field(mr, nr, pack)
	f.function(t, field, name, table.Signature(table.KernelParams(pack), t.Go),
		fmt.Sprintf("%s is %s.%s, with %s.", name, t.Table, field, isa.Requires))

	// The tiles left, the current tile's A and C and the prefetch stride
	// in bytes, on the stack: the k loop needs every free register.
	left, tileA, tileC := f.AllocLocal(8), f.AllocLocal(8), f.AllocLocal(8)
	var pfBytes operand.Mem
	if !pack {
		pfBytes = f.AllocLocal(8)
		f.Load(f.Param("pfs"), gK)
		f.SHLQ(shift, gK)
		f.MOVQ(gK, pfBytes)
	}
	f.Load(f.Param("tiles"), gK)
	f.MOVQ(gK, left)
	f.Load(f.Param("a"), gA)
	f.MOVQ(gA, tileA)
	f.Load(f.Param("c"), gRows[0])
	f.MOVQ(gRows[0], tileC)
	f.TESTQ(gK, gK)
	f.JZ(operand.LabelRef("end"))

	// C's rows of the current tile, for prefetching it while A and B
	// stream in and for the update after the loop.
	cRows := func() {
		f.MOVQ(tileC, gRows[0])
		f.Load(f.Param("ldc"), gLdc)
		f.SHLQ(shift, gLdc)
		f.LEAQ(operand.Mem{Base: gLdc, Index: gLdc, Scale: 2}, gLdc3)
		for r := 1; r*4 < mr; r++ {
			f.LEAQ(operand.Mem{Base: gRows[r-1], Index: gLdc, Scale: 4}, gRows[r])
		}
	}
	cRow := func(i, disp int) operand.Mem { return rowAt(gRows[i/4], gLdc, gLdc3, i%4, disp) }
	// C's tile is prefetched as its k loop starts. Prefetching two tiles
	// ahead instead measured 1-5% slower on a Zen core (whole GEMMs with k
	// from 64 to 2048, and this kernel alone) and no faster at k = 1: lines
	// fetched that early likely leave L1 to A's stream and B's panel
	// before the update reads them.
	f.Label("tile")
	cRows()
	rowBytes := nr * t.Size
	for i := range mr {
		for off := 0; off < rowBytes; off += 64 {
			f.PREFETCHT0(cRow(i, off))
		}
		f.PREFETCHT0(cRow(i, rowBytes-1))
	}

	f.Load(f.Param("k"), gK)
	f.MOVQ(tileA, gA)
	f.Load(f.Param("rsa"), rowIndex[1])
	f.SHLQ(shift, rowIndex[1])
	for odd := 3; odd < mr; odd += 2 {
		f.IMUL3Q(operand.U8(uint64(odd)), rowIndex[1], rowIndex[odd])
	}
	f.Load(f.Param("csa"), gCsa)
	f.SHLQ(shift, gCsa)
	f.Load(f.Param("b"), gB)
	f.Load(f.Param("rsb"), gRsb)
	f.SHLQ(shift, gRsb)
	if pack {
		f.Load(f.Param("bp"), gBp)
	} else {
		f.Load(f.Param("pf"), gPf)
	}
	for i := range mr {
		for v := range nv {
			f.zero(i*nv+v, false)
		}
	}

	// One step of k: a row of B times a column of A, into every accumulator.
	step := func() {
		for v := range nv {
			o.Load(operand.Mem{Base: gB, Disp: v * isa.Width}, bv(v))
		}
		for i := range mr {
			a := avs[i%len(avs)]
			broadcast(rowOf(gA, i, 0), a)
			for v := range nv {
				o.FMA(bv(v), a, acc(i, v))
			}
		}
		if pack {
			for v := range nv {
				o.Store(bv(v), operand.Mem{Base: gBp, Disp: v * isa.Width})
			}
			f.ADDQ(operand.U32(uint64(rowBytes)), gBp)
		} else {
			f.PREFETCHT0(operand.Mem{Base: gPf})
			f.ADDQ(pfBytes, gPf)
		}
		f.ADDQ(gCsa, gA)
		f.ADDQ(gRsb, gB)
	}
	const unroll = 4
	f.SUBQ(operand.U32(unroll), gK)
	f.JL(operand.LabelRef("rest"))
	f.Label("loop")
	for range unroll {
		step()
	}
	f.SUBQ(operand.U32(unroll), gK)
	f.JGE(operand.LabelRef("loop"))
	f.Label("rest")
	f.ADDQ(operand.U32(unroll), gK)
	f.JZ(operand.LabelRef("update"))
	f.Label("loop1")
	step()
	f.DECQ(gK)
	f.JNZ(operand.LabelRef("loop1"))

	// C = alpha*AB + beta*C, or alpha*AB without reading C when beta is
	// zero of either sign.
	f.Label("update")
	cRows()
	broadcast(f.addr(f.Param("alpha")), av)
	for i := range mr {
		for v := range nv {
			o.Mul(av, acc(i, v), acc(i, v))
		}
	}
	f.testZero(t, "beta", gBeta)
	f.JZ(operand.LabelRef("store"))
	broadcast(f.addr(f.Param("beta")), bv(0))
	for i := range mr {
		for v := range nv {
			o.FMA(cRow(i, v*isa.Width), bv(0), acc(i, v))
			o.Store(acc(i, v), cRow(i, v*isa.Width))
		}
	}
	f.JMP(operand.LabelRef("next"))
	f.Label("store")
	for i := range mr {
		for v := range nv {
			o.Store(acc(i, v), cRow(i, v*isa.Width))
		}
	}

	// The next tile: A nexta elements on, C MR rows down.
	f.Label("next")
	f.Load(f.Param("nexta"), gK)
	f.SHLQ(shift, gK)
	f.ADDQ(gK, tileA)
	f.IMUL3Q(operand.U8(uint64(mr)), gLdc, gK)
	f.ADDQ(gK, tileC)
	f.DECQ(left)
	f.JNZ(operand.LabelRef("tile"))
	f.Label("end")
	f.VZEROUPPER()
	f.RET()
}
