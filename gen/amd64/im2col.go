package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("im2col", im2col) }

// im2col writes Im2colRows: the rows of an im2col panel for a run of n
// output positions off, off+1, ... of an output row, row after row, each
// with no Go-level work. A row's tap (lo, hi, at) gives its read, x from
// at on, and the positions [lo, hi) of the output row that are inside the
// image: the row is a masked load of each vector of the run, zero where
// the mask is off and never touching memory there, and a store. The mask
// compares the lanes' positions, a vector counting up from the window's
// first, with lo and hi. On AVX-512 the compares write an opmask straight
// from the tap's lo and hi (broadcast from memory), within the mask of the
// run (j < n), under which the row's last vector stores; one vector a row
// where n fits in one. On AVX2 the masks are vectors, for VMASKMOVPS's
// load, and stores are whole (AMD's masked stores are slow): the widest
// windows that fit in n (a vector, half of one, or one element), the last
// of them ending at n, overlapping the one before where n is not a
// multiple of the width.
func im2col(f *File) {
	for _, t := range Elems {
		im2colKernel(f, t)
	}
}

// General-purpose registers of Im2colRows.
var (
	icRows   = reg.R8  // rows left
	icDst    = reg.RDI // dst at the row
	icLdd    = reg.RSI // ldd in bytes
	icX      = reg.RAX // x at the row's channel, off elements on
	icPlane  = reg.RBX // plane in bytes
	icTap    = reg.R9  // the row's tap
	icTaps   = reg.R10 // the first tap
	icEnd    = reg.R11 // past the last tap
	icSrc    = reg.R12 // x at the row's read
	icOut    = reg.R13 // dst at the row's window
	icLeft   = reg.RDX // positions left in the row, scratch before the rows
	icScalar = reg.RCX // scratch
)

// icTapBytes is the size of one tap, (lo, hi, at).
const icTapBytes = 24

// Vector registers of Im2colRows.
const (
	icIota = iota // the lanes' positions off, off+1, ...
	icStep        // the window's width in every lane
	icLast        // AVX2: the last window's positions; AVX-512: off+n in every lane
	icIdx         // the window's positions
	icLo          // AVX2: the tap's lo, hi in every lane
	icHi
	icMask
	icMask2
	icData
)

func im2colKernel(f *File, t Elem) {
	name := fmt.Sprintf("im2colRows%s%s", t.Name, f.ISA.Suffix)
	sig := fmt.Sprintf("func(rows, n int, dst []%s, ldd int, x []%s, plane int, taps []int, tap, off int)", t.Go, t.Go)
	f.function(t, "Im2colRows", name, sig, fmt.Sprintf("%s implements %s.Im2colRows with %s.", name, t.Table, f.ISA.Requires))
	lanes := f.ISA.Lanes(t.Size)
	nArg := f.addr(f.Param("n"))

	f.Load(f.Param("rows"), icRows)
	f.TESTQ(icRows, icRows)
	f.JZ(operand.LabelRef("done"))
	f.CMPQ(nArg, operand.U32(0))
	f.JE(operand.LabelRef("done"))
	f.Load(f.Param("dst").Base(), icDst)
	f.Load(f.Param("ldd"), icLdd)
	f.SHLQ(t.Shift(), icLdd)
	f.Load(f.Param("x").Base(), icX)
	f.Load(f.Param("off"), icScalar)
	f.LEAQ(operand.Mem{Base: icX, Index: icScalar, Scale: uint8(t.Size)}, icX) // x at position 0 of the run
	f.Load(f.Param("plane"), icPlane)
	f.SHLQ(t.Shift(), icPlane)
	f.Load(f.Param("taps").Base(), icTaps)
	f.Load(f.Param("taps").Len(), icEnd)
	f.SHLQ(operand.U8(3), icEnd) // three ints a tap
	f.ADDQ(icTaps, icEnd)
	f.Load(f.Param("tap"), icTap)
	f.IMUL3Q(operand.U32(icTapBytes), icTap, icTap)
	f.ADDQ(icTaps, icTap)
	// The lanes' positions in the row: off, off+1, ...
	f.iota(t, icIota)
	insns{f.VPBROADCASTD, f.VPBROADCASTQ}.of(t)(f.addr(f.Param("off")), f.ISA.Vec(icStep))
	insns{f.VPADDD, f.VPADDQ}.of(t)(f.ISA.Vec(icStep), f.ISA.Vec(icIota), f.ISA.Vec(icIota))

	if f.ISA.Masked {
		im2colMasked(f, t, lanes, nArg)
	} else {
		widths := []int{lanes, lanes / 2, 1}
		for i, w := range widths {
			im2colWindows(f, t, w, widths[min(i+1, 2)], nArg)
		}
	}
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// iota sets vector register i to the lanes' indices, 0, 1, ..., as
// integers of t's size.
func (f *File) iota(t Elem, i int) {
	f.MOVQ(operand.U64(0x0706050403020100), icScalar)
	f.VMOVQ(icScalar, X(i))
	f.MOVQ(operand.U64(0x0f0e0d0c0b0a0908), icScalar)
	f.VPINSRQ(operand.U8(1), icScalar, X(i), X(i))
	insns{f.VPMOVZXBD, f.VPMOVZXBQ}.of(t)(X(i), f.ISA.Vec(i))
}

// broadcastInt fills vector i, at the width of v, with the integer in r as
// integers of t's size.
func (f *File) broadcastInt(t Elem, r reg.GPPhysical, i int, v func(int) reg.VecPhysical) {
	src := operand.Op(X(i))
	if f.ISA.Masked {
		src = r
		if t.Size == 4 {
			src = r.As32()
		}
	} else {
		f.VMOVQ(r, X(i))
	}
	insns{f.VPBROADCASTD, f.VPBROADCASTQ}.of(t)(src, v(i))
}

// im2colMasked writes AVX-512's rows: one masked vector a row where n
// fits in one, else a loop over the row's vectors.
func im2colMasked(f *File, t Elem, lanes int, nArg operand.Mem) {
	cmp, cmpBcst := insns{f.VPCMPD, f.VPCMPQ}.of(t), insns{f.VPCMPD_BCST, f.VPCMPQ_BCST}.of(t)
	load := f.VMOVUPS_Z
	if t.Size == 8 {
		load = f.VMOVUPD_Z
	}
	store := insns{f.VMOVUPS, f.VMOVUPD}.of(t)
	const lt, nlt = 1, 5 // VPCMP predicates
	z := f.ISA.Vec
	// inside sets K1 to the lanes of K2, those of the run, whose
	// positions idx the row's tap reads inside the image.
	inside := func(idx int) {
		cmpBcst(operand.U8(nlt), operand.Mem{Base: icTap}, z(idx), reg.K2, reg.K1)
		cmpBcst(operand.U8(lt), operand.Mem{Base: icTap, Disp: 8}, z(idx), reg.K1, reg.K1)
	}
	f.MOVQ(nArg, icLeft)
	f.CMPQ(icLeft, operand.U32(uint64(lanes)))
	f.JG(operand.LabelRef("many"))

	// One vector a row: the store's mask, j < n, is the same for all.
	f.MOVQ(operand.I32(-1), icScalar)
	f.BZHIQ(icLeft, icScalar, icScalar)
	f.KMOVQ(icScalar, reg.K2)
	f.Label("one")
	f.MOVQ(operand.Mem{Base: icTap, Disp: 16}, icSrc)
	inside(icIota)
	load(operand.Mem{Base: icX, Index: icSrc, Scale: uint8(t.Size)}, reg.K1, z(icData))
	store(z(icData), reg.K2, operand.Mem{Base: icDst})
	f.im2colNextRow("one")
	f.JMP(operand.LabelRef("done"))

	f.Label("many")
	f.ADDQ(f.addr(f.Param("off")), icLeft)
	f.broadcastInt(t, icLeft, icLast, z) // the run's end, off+n
	f.MOVQ(operand.U32(uint64(lanes)), icScalar)
	f.broadcastInt(t, icScalar, icStep, z)
	f.Label("manyrow")
	f.im2colSource(t)
	f.MOVQ(icDst, icOut)
	f.VMOVDQA64(z(icIota), z(icIdx))
	f.MOVQ(nArg, icLeft)
	f.Label("manywin")
	cmp(operand.U8(lt), z(icLast), z(icIdx), reg.K2)
	inside(icIdx)
	load(operand.Mem{Base: icSrc}, reg.K1, z(icData))
	store(z(icData), reg.K2, operand.Mem{Base: icOut})
	insns{f.VPADDD, f.VPADDQ}.of(t)(z(icStep), z(icIdx), z(icIdx))
	f.ADDQ(operand.U32(uint64(f.ISA.Width)), icSrc)
	f.ADDQ(operand.U32(uint64(f.ISA.Width)), icOut)
	f.SUBQ(operand.U32(uint64(lanes)), icLeft)
	f.JG(operand.LabelRef("manywin"))
	f.im2colNextRow("manyrow")
	f.JMP(operand.LabelRef("done"))
}

// im2colWindows writes AVX2's rows in windows of w elements, for the n
// from w up to the next wider width (any n >= w, for w a whole vector);
// smaller n go on to the windows of width next.
func im2colWindows(f *File, t Elem, w, next int, nArg operand.Mem) {
	lanes := f.ISA.Lanes(t.Size)
	label := fmt.Sprintf("w%d", w)
	f.Label(label)
	if w > 1 {
		f.CMPQ(nArg, operand.U32(uint64(w)))
		f.JL(operand.LabelRef(fmt.Sprintf("w%d", next)))
	}
	// Vectors at the window's width; the last lane's moves for w = 1.
	v := f.ISA.Vec
	if w < lanes {
		v = X
	}
	broadcast := insns{f.VPBROADCASTD, f.VPBROADCASTQ}.of(t)
	// The step, w, and the last window's positions, those of the lanes
	// plus n - w.
	f.MOVQ(operand.U32(uint64(w)), icScalar)
	f.broadcastInt(t, icScalar, icStep, v)
	f.MOVQ(nArg, icScalar)
	f.SUBQ(operand.U32(uint64(w)), icScalar)
	f.broadcastInt(t, icScalar, icLast, v)
	add := insns{f.VPADDD, f.VPADDQ}.of(t)
	add(v(icIota), v(icLast), v(icLast))

	gt := insns{f.VPCMPGTD, f.VPCMPGTQ}.of(t)
	mask := f.VMASKMOVPS
	if t.Size == 8 {
		mask = f.VMASKMOVPD
	}
	store := insns{f.VMOVUPS, f.VMOVUPD}.of(t)
	if w == 1 {
		store = insns{f.VMOVSS, f.VMOVSD}.of(t)
	}
	// window copies the window of indices idx from src to out.
	window := func(idx int, src, out operand.Mem) {
		gt(v(idx), v(icHi), v(icMask))  // hi > idx
		gt(v(idx), v(icLo), v(icMask2)) // lo > idx
		f.VPANDN(v(icMask), v(icMask2), v(icMask))
		mask(src, v(icMask), v(icData))
		store(v(icData), out)
	}
	f.Label(label + "row")
	f.im2colSource(t)
	broadcast(operand.Mem{Base: icTap}, v(icLo))
	broadcast(operand.Mem{Base: icTap, Disp: 8}, v(icHi))
	f.MOVQ(icDst, icOut)
	f.VMOVDQU(v(icIota), v(icIdx))
	// icLeft = n - w - the window's first: windows while it is positive,
	// then the last, icLeft (<= 0) elements on, ending at n.
	f.MOVQ(nArg, icLeft)
	f.SUBQ(operand.U32(uint64(w)), icLeft)
	f.JLE(operand.LabelRef(label + "last"))
	f.Label(label + "win")
	window(icIdx, operand.Mem{Base: icSrc}, operand.Mem{Base: icOut})
	add(v(icStep), v(icIdx), v(icIdx))
	f.ADDQ(operand.U32(uint64(w*t.Size)), icSrc)
	f.ADDQ(operand.U32(uint64(w*t.Size)), icOut)
	f.SUBQ(operand.U32(uint64(w)), icLeft)
	f.JG(operand.LabelRef(label + "win"))
	f.Label(label + "last")
	scale := uint8(t.Size)
	window(icLast, operand.Mem{Base: icSrc, Index: icLeft, Scale: scale}, operand.Mem{Base: icOut, Index: icLeft, Scale: scale})
	f.im2colNextRow(label + "row")
	f.JMP(operand.LabelRef("done"))
}

// im2colSource sets icSrc to x at the row's tap's read: at elements of t
// into the row's channel.
func (f *File) im2colSource(t Elem) {
	f.MOVQ(operand.Mem{Base: icTap, Disp: 16}, icSrc)
	f.LEAQ(operand.Mem{Base: icX, Index: icSrc, Scale: uint8(t.Size)}, icSrc)
}

// im2colNextRow moves to the next row, the next tap (the next channel's
// first after the last), and loops to label while rows are left.
func (f *File) im2colNextRow(label string) {
	f.ADDQ(icLdd, icDst)
	f.ADDQ(operand.U32(icTapBytes), icTap)
	f.CMPQ(icTap, icEnd)
	f.JNE(operand.LabelRef(label + "same"))
	f.MOVQ(icTaps, icTap)
	f.ADDQ(icPlane, icX)
	f.Label(label + "same")
	f.DECQ(icRows)
	f.JNZ(operand.LabelRef(label))
}
