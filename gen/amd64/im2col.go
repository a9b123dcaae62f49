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
// image. On AVX-512 a row is a masked load of each vector of the run, zero
// where the mask is off and never touching memory there, and a store under
// the mask of the run (j < n): the masks are compares of the lanes'
// positions, a vector counting up from the window's first, with the tap's
// lo and hi broadcast from memory. AVX2's VMASKMOVPS may fault on a
// masked-off lane (AMD leaves it to the implementation; qemu does), and
// its masked stores are slow on AMD, so there a row whose tap reads
// padding in the run is first cleared, then the run's positions inside
// [lo, hi) are copied, and a row inside the image is one copy. Such a span
// of m elements moves in the widest windows that fit in it (a vector, half
// of one, eight bytes, four), the last ending at m, overlapping the one
// before where m is not a multiple of the width.
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
	icScalar = reg.RCX // scratch; AVX2: the run's end inside the image
	icFirst  = reg.R14 // AVX2: the run's first position inside the image
)

// icTapBytes is the size of one tap, (lo, hi, at).
const icTapBytes = 24

// Vector registers of Im2colRows: on AVX-512 the first four.
const (
	icIota = iota // the lanes' positions off, off+1, ...
	icStep        // the vector's width in every lane
	icLast        // off+n in every lane
	icIdx         // the vector's positions
	icData        // the elements moved
	icZero        // AVX2: zeros
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
	if f.ISA.Masked {
		im2colMasked(f, t, lanes, nArg)
	} else {
		im2colSpans(f, t, nArg)
	}
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// laneIndices sets vector register i to the lanes' indices, 0, 1, ...,
// as integers of t's size, with the scratch register r.
func (f *File) laneIndices(t Elem, i int, r reg.GPPhysical) {
	f.byteLanes(0x0706050403020100, 0x0f0e0d0c0b0a0908, insns{f.VPMOVZXBD, f.VPMOVZXBQ}.of(t), i, f.ISA.Vec(i), r)
}

// byteLanes sets dst to the bytes of low, then of high (a zero high is
// not loaded), little-endian, each widened to a lane by widen (VPMOVZXBD:
// int32, VPMOVZXBQ: int64), through X(i) and the scratch register r.
func (f *File) byteLanes(low, high uint64, widen op, i int, dst reg.VecPhysical, r reg.GPPhysical) {
	f.MOVQ(operand.U64(low), r)
	f.VMOVQ(r, X(i))
	if high != 0 {
		f.MOVQ(operand.U64(high), r)
		f.VPINSRQ(operand.U8(1), r, X(i), X(i))
	}
	widen(X(i), dst)
}

// broadcastInt fills vector i of AVX-512 with the integer in r, as
// integers of t's size.
func (f *File) broadcastInt(t Elem, r reg.GPPhysical, i int) {
	if t.Size == 4 {
		f.VPBROADCASTD(r.As32(), f.ISA.Vec(i))
		return
	}
	f.VPBROADCASTQ(r, f.ISA.Vec(i))
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
	// The lanes' positions in the row: off, off+1, ...
	f.laneIndices(t, icIota, icScalar)
	insns{f.VPBROADCASTD, f.VPBROADCASTQ}.of(t)(f.addr(f.Param("off")), z(icStep))
	insns{f.VPADDD, f.VPADDQ}.of(t)(z(icStep), z(icIota), z(icIota))
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
	f.broadcastInt(t, icLeft, icLast) // the run's end, off+n
	f.MOVQ(operand.U32(uint64(lanes)), icScalar)
	f.broadcastInt(t, icScalar, icStep)
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

// im2colSpans writes AVX2's rows: each clears the run where its tap
// reads padding in it, then copies the run's positions inside the image.
func im2colSpans(f *File, t Elem, nArg operand.Mem) {
	offArg := f.addr(f.Param("off"))
	f.zero(icZero, false)
	f.Label("row")
	f.im2colSource(t)
	// The run's positions inside, [first, end): [max(lo-off, 0),
	// min(hi-off, n)), or none.
	f.MOVQ(operand.Mem{Base: icTap}, icFirst)
	f.SUBQ(offArg, icFirst)
	f.MOVQ(operand.Mem{Base: icTap, Disp: 8}, icScalar)
	f.SUBQ(offArg, icScalar)
	f.XORL(icLeft.As32(), icLeft.As32())
	f.CMPQ(icFirst, operand.U32(0))
	f.CMOVQLT(icLeft, icFirst)
	f.CMPQ(icScalar, nArg)
	f.CMOVQGT(nArg, icScalar)
	f.CMPQ(icScalar, icFirst)
	f.CMOVQLT(icFirst, icScalar)
	f.TESTQ(icFirst, icFirst)
	f.JNZ(operand.LabelRef("clear"))
	f.CMPQ(icScalar, nArg)
	f.JE(operand.LabelRef("copy"))
	f.Label("clear")
	f.MOVQ(icDst, icOut)
	f.MOVQ(nArg, icLeft)
	im2colSpan(f, t, nil, "clear")
	f.Label("copy")
	f.MOVQ(icScalar, icLeft)
	f.SUBQ(icFirst, icLeft)
	f.LEAQ(operand.Mem{Base: icSrc, Index: icFirst, Scale: uint8(t.Size)}, icSrc)
	f.LEAQ(operand.Mem{Base: icDst, Index: icFirst, Scale: uint8(t.Size)}, icOut)
	im2colSpan(f, t, icSrc, "copy")
	f.im2colNextRow("row")
}

// im2colSpan moves icLeft elements of t from src to icOut, or clears them
// where src is nil, in the widest windows that fit, labels from label on.
// It moves src and icOut.
func im2colSpan(f *File, t Elem, src reg.Register, label string) {
	done := operand.LabelRef(label + "done")
	// move moves the window of width bytes off elements (a register, or
	// nil for none) past src and icOut.
	move := func(width int, off reg.Register) {
		at := func(base reg.Register) operand.Mem {
			if off == nil {
				return operand.Mem{Base: base}
			}
			return operand.Mem{Base: base, Index: off, Scale: uint8(t.Size)}
		}
		r := X(icData)
		var ins op
		switch width {
		case 32:
			r, ins = f.ISA.Vec(icData), insns{f.VMOVUPS, f.VMOVUPD}.of(t)
		case 16:
			ins = insns{f.VMOVUPS, f.VMOVUPD}.of(t)
		case 8:
			ins = f.VMOVSD
		case 4:
			ins = f.VMOVSS
		}
		if src == nil {
			r = f.ISA.Vec(icZero)
			if width < 32 {
				r = X(icZero)
			}
		} else {
			ins(at(src), r)
		}
		ins(r, at(icOut))
	}
	widths := []int{32, 16, 8, 4}
	if t.Size == 8 {
		widths = widths[:3]
	}
	// Windows of a vector while more than one is left, then the last,
	// ending at the span's end.
	lanes := 32 / t.Size
	f.CMPQ(icLeft, operand.U32(uint64(lanes)))
	f.JL(operand.LabelRef(label + "16"))
	f.SUBQ(operand.U32(uint64(lanes)), icLeft)
	f.JLE(operand.LabelRef(label + "last"))
	f.Label(label + "loop")
	move(32, nil)
	if src != nil {
		f.ADDQ(operand.U32(32), src)
	}
	f.ADDQ(operand.U32(32), icOut)
	f.SUBQ(operand.U32(uint64(lanes)), icLeft)
	f.JG(operand.LabelRef(label + "loop"))
	f.Label(label + "last")
	move(32, icLeft)
	f.JMP(done)
	// Fewer than two windows of the wider width: two of this one, the
	// second ending at the span's end, or the one element.
	for _, w := range widths[1:] {
		f.Label(fmt.Sprintf("%s%d", label, w))
		if lanes = w / t.Size; lanes == 1 {
			f.TESTQ(icLeft, icLeft)
			f.JZ(done)
			move(w, nil)
			break
		}
		f.CMPQ(icLeft, operand.U32(uint64(lanes)))
		f.JL(operand.LabelRef(fmt.Sprintf("%s%d", label, w/2)))
		move(w, nil)
		f.SUBQ(operand.U32(uint64(lanes)), icLeft)
		move(w, icLeft)
		f.JMP(done)
	}
	f.Label(label + "done")
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
