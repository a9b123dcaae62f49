package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("maxpool", maxPools) }

// maxPools writes MaxPool2x2 and, with its split of a row into even and odd
// columns, Deinterleave (deinterleave.go). MaxPool2x2 computes a vector of
// outputs at a time, each lane one 2×2 window. Two vectors of each input row
// hold a vector of windows; they are split into the windows' even and odd
// columns (AVX-512: VPERMI2PS, in the outputs' order; AVX2: VSHUFPS within
// 128-bit lanes, whose order a permute of the results restores), which gives
// the four taps as four vectors. The largest and its index follow the
// definition tap by tap: a tap strictly greater than the largest so far
// replaces it and its index, a blend under the compare's mask; the largest
// is then ANDed with every tap equal to it, which turns -0 into +0 where a
// +0 ties and changes no other value; and where a window holds a NaN (one
// test for the vector), each NaN tap in turn replaces both, so the last one
// stays. The indices are integers of the elements' width on AVX2, whose
// blends select by the mask's bits, and int32 on AVX-512, whose opmasks
// select lanes. AVX-512 computes the last n mod lanes outputs of a row as
// one vector under opmasks, which load no element past the windows; AVX2 one
// at a time, on the low lanes. Each row starts afresh from the parameters,
// its pointers and indices offset by twice ld.
func maxPools(f *File) {
	for _, t := range Elems {
		maxPoolKernel(f, t)
		deinterleaveKernel(f, t)
	}
}

// General-purpose registers of MaxPool2x2.
var (
	mpA, mpB     = reg.RSI, reg.RDI // the windows' two rows
	mpY, mpArg   = reg.R8, reg.R9   // y and argmax at the block
	mpN          = reg.RCX          // outputs left
	mpScratch    = reg.RDX
	mpScratch2   = reg.RAX
	mpScratch3   = reg.RBX
	mpLd, mpBase = reg.R10, reg.R11 // ld and base, as elements; base plus the row's offset
	mpRows       = reg.R12          // rows left
	mpRowOff     = reg.R13          // the row's offset in x, 2*ld per row, as elements
)

// Vector registers of MaxPool2x2.
const (
	mpEven, mpOdd       = 0, 1   // AVX-512: the permutes' indices; AVX2: the blend's mask and scratch
	mpOff               = 2      // the taps' index offsets 1, ld and ld+1, in 2, 3, 4
	mpIndex             = 5      // each lane's first tap's index
	mpStep              = 6      // what the block adds to mpIndex
	mpHigh              = 7      // AVX-512: the second vector of a row; AVX2 float64: the indices' final order
	mpRowA, mpRowB      = 8, 9   // the first vector of each row
	mpTap               = 10     // the four taps, in 10 to 13
	mpArgmax, mpLargest = 14, 15 // the result
	mpHighB             = 16     // AVX-512: the second vector of row b
)

// Opmasks of MaxPool2x2 (AVX-512).
var (
	mpSelect, mpNaNA, mpNaNB = reg.K1, reg.K2, reg.K3 // a compare's lanes; the windows with a NaN
	mpLow, mpHighMask, mpOut = reg.K4, reg.K5, reg.K6 // the tail's lanes of each row's vectors and of the outputs
)

// Compare predicates beside elem.go's.
const (
	cmpEqual   = 0    // EQ_OQ
	cmpGreater = 0x1e // GT_OQ
)

// mpShape is how one block of MaxPool2x2 holds its data: its vector and
// index registers, and whether it is one output of AVX2's tail.
type mpShape struct {
	t      Elem
	scalar bool
	vec    func(i int) reg.VecPhysical // data registers
	idx    func(i int) reg.VecPhysical // index registers
}

func maxPoolKernel(f *File, t Elem) {
	name := fmt.Sprintf("maxPool2x2%s%s", t.Name, f.ISA.Suffix)
	sig := fmt.Sprintf("func(rows, n int, x []%s, ld int, y []%s, argmax []int32, base int)", t.Go, t.Go)
	f.function(t, "MaxPool2x2", name, sig, fmt.Sprintf("%s implements %s.MaxPool2x2 with %s.", name, t.Table, f.ISA.Requires))
	lanes := f.ISA.Lanes(t.Size)
	f.Load(f.Param("rows"), mpRows)
	f.Load(f.Param("n"), mpN)
	f.TESTQ(mpRows, mpRows)
	f.JZ(operand.LabelRef("done"))
	f.TESTQ(mpN, mpN)
	f.JZ(operand.LabelRef("done"))
	f.Load(f.Param("ld"), mpLd)
	f.Load(f.Param("y").Base(), mpY)
	f.Load(f.Param("argmax").Base(), mpArg)
	f.XORL(mpRowOff.As32(), mpRowOff.As32())

	// The indices fill vectors as the data do (AVX2: integers of the
	// elements' width), but for AVX-512's float64: 8 int32 in a YMM.
	vec := mpShape{t: t, vec: f.ISA.Vec, idx: f.ISA.Vec}
	if f.ISA.Masked && t.Size == 8 {
		vec.idx = func(i int) reg.VecPhysical { return ymm[i] }
	}
	f.mpConstants(vec)

	// A row: y and argmax go on from the last row's end.
	f.Label("row")
	f.Load(f.Param("n"), mpN)
	f.Load(f.Param("x").Base(), mpA)
	f.LEAQ(operand.Mem{Base: mpA, Index: mpRowOff, Scale: uint8(t.Size)}, mpA)
	f.LEAQ(operand.Mem{Base: mpA, Index: mpLd, Scale: uint8(t.Size)}, mpB)
	f.Load(f.Param("base"), mpBase)
	f.ADDQ(mpRowOff, mpBase)
	f.mpRowIndices(vec)

	f.Label("loop")
	f.CMPQ(mpN, operand.U32(uint64(lanes)))
	f.JL(operand.LabelRef("tail"))
	f.mpBlock(vec, "", false)
	f.mpAdvance(t, lanes)
	f.mpAdd(vec, vec.idx(mpStep), vec.idx(mpIndex), vec.idx(mpIndex))
	f.SUBQ(operand.U32(uint64(lanes)), mpN)
	f.JMP(operand.LabelRef("loop"))

	f.Label("tail")
	f.TESTQ(mpN, mpN)
	f.JZ(operand.LabelRef("next"))
	if f.ISA.Masked {
		f.mpTailMasks(lanes)
		f.mpBlock(vec, "tail", true)
		f.LEAQ(operand.Mem{Base: mpY, Index: mpN, Scale: uint8(t.Size)}, mpY)
		f.LEAQ(operand.Mem{Base: mpArg, Index: mpN, Scale: 4}, mpArg)
	} else {
		one := mpShape{t: t, scalar: true, vec: X, idx: X}
		f.Label("one")
		f.mpBlock(one, "one", false)
		f.mpAdvance(t, 1)
		f.mpAdd(one, X(mpOff), X(mpIndex), X(mpIndex)) // plus 2: one window
		f.mpAdd(one, X(mpOff), X(mpIndex), X(mpIndex))
		f.DECQ(mpN)
		f.JNZ(operand.LabelRef("one"))
	}
	f.Label("next")
	f.LEAQ(operand.Mem{Base: mpRowOff, Index: mpLd, Scale: 2}, mpRowOff)
	f.DECQ(mpRows)
	f.JNZ(operand.LabelRef("row"))
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// mpConstants sets what every row uses: the index offsets and the step,
// and AVX-512's permutes' indices or AVX2's float64 indices' order.
func (f *File) mpConstants(s mpShape) {
	t, lanes := s.t, f.ISA.Lanes(s.t.Size)
	f.MOVL(operand.U32(1), mpScratch.As32())
	f.mpBroadcast(s, mpScratch, mpOff)
	f.mpBroadcast(s, mpLd, mpOff+1)
	f.LEAQ(operand.Mem{Base: mpLd, Disp: 1}, mpScratch)
	f.mpBroadcast(s, mpScratch, mpOff+2)
	f.MOVL(operand.U32(uint64(2*lanes)), mpScratch.As32())
	f.mpBroadcast(s, mpScratch, mpStep)
	if f.ISA.Masked {
		// The permutes' indices, of the elements' width: 0, 2, 4, ... and
		// 1, 3, 5, ...
		f.laneIndices(t, mpEven, mpScratch)
		f.MOVL(operand.U32(1), mpScratch.As32())
		pick(t, f.VPADDD, f.VPADDQ)(f.ISA.Vec(mpEven), f.ISA.Vec(mpEven), f.ISA.Vec(mpEven))
		if t.Size == 4 {
			f.VPBROADCASTD(mpScratch.As32(), f.ISA.Vec(mpOdd))
		} else {
			f.VPBROADCASTQ(mpScratch, f.ISA.Vec(mpOdd))
		}
		pick(t, f.VPADDD, f.VPADDQ)(f.ISA.Vec(mpEven), f.ISA.Vec(mpOdd), f.ISA.Vec(mpOdd))
	} else if t.Size == 8 {
		// The int32 indices' order after the permute: dwords 0, 4, 2, 6
		// of the int64 lanes 0, 2, 1, 3.
		f.byteLanes(0x06020400, 0, f.VPMOVZXBD, mpHigh, f.ISA.Vec(mpHigh), mpScratch)
	}
}

// mpRowIndices sets the lanes' first indices at the start of a row: base
// plus the row's offset, in mpBase, plus twice each lane's window, in the
// order the split leaves them (AVX2: 0, 1, 4, 5, 2, 3, 6, 7 for float32
// and 0, 2, 1, 3 for float64, windows within each 128-bit half first).
func (f *File) mpRowIndices(s mpShape) {
	t := s.t
	high := uint64(0x0f0e0d0c0b0a0908)
	low := uint64(0x0706050403020100)
	widen := f.VPMOVZXBD
	switch {
	case !f.ISA.Masked && t.Size == 4:
		low = 0x0706030205040100
	case !f.ISA.Masked:
		low, widen = 0x03010200, f.VPMOVZXBQ
	}
	f.byteLanes(low, high, widen, mpIndex, s.idx(mpIndex), mpScratch)
	f.mpAdd(s, s.idx(mpIndex), s.idx(mpIndex), s.idx(mpIndex))
	f.mpBroadcast(s, mpBase, mpRowA)
	f.mpAdd(s, s.idx(mpRowA), s.idx(mpIndex), s.idx(mpIndex))
}

// mpBroadcast fills index register i with the integer in r.
func (f *File) mpBroadcast(s mpShape, r reg.GPPhysical, i int) {
	switch {
	case f.ISA.Masked:
		f.VPBROADCASTD(r.As32(), s.idx(i))
	case s.t.Size == 4:
		f.VMOVD(r.As32(), X(i))
		f.VPBROADCASTD(X(i), s.idx(i))
	default:
		f.VMOVQ(r, X(i))
		f.VPBROADCASTQ(X(i), s.idx(i))
	}
}

// mpAdvance moves the pointers on by n windows.
func (f *File) mpAdvance(t Elem, n int) {
	f.ADDQ(operand.U32(uint64(2*n*t.Size)), mpA)
	f.ADDQ(operand.U32(uint64(2*n*t.Size)), mpB)
	f.ADDQ(operand.U32(uint64(n*t.Size)), mpY)
	f.ADDQ(operand.U32(uint64(4*n)), mpArg)
}

// mpTailMasks sets AVX-512's opmasks for the last n < lanes outputs: the
// outputs, and the elements of each row's first and second vector.
func (f *File) mpTailMasks(lanes int) {
	f.MOVQ(operand.I32(-1), mpScratch)
	f.BZHIQ(mpN, mpScratch, mpScratch2)
	f.KMOVW(mpScratch2.As32(), mpOut)
	f.LEAQ(operand.Mem{Base: mpN, Index: mpN, Scale: 1}, mpScratch3) // the elements of a row
	f.BZHIQ(mpScratch3, mpScratch, mpScratch2)
	f.KMOVW(mpScratch2.As32(), mpLow)
	f.XORL(mpScratch2.As32(), mpScratch2.As32())
	f.SUBQ(operand.U32(uint64(lanes)), mpScratch3)
	f.CMOVQLT(mpScratch2, mpScratch3)
	f.BZHIQ(mpScratch3, mpScratch, mpScratch2)
	f.KMOVW(mpScratch2.As32(), mpHighMask)
}

// mpBlock computes one block of outputs: a vector (under the tail's
// opmasks where masked), or one output of AVX2's tail.
func (f *File) mpBlock(s mpShape, label string, masked bool) {
	t := s.t
	v, ix := s.vec, s.idx
	tap := func(i int) reg.VecPhysical { return v(mpTap + i) }
	f.mpLoadTaps(s, masked)

	// The largest and its index, tap by tap.
	m, k := v(mpLargest), ix(mpArgmax)
	cmp := pick(t, f.VCMPPS, f.VCMPPD)
	pick(t, f.VMOVAPS, f.VMOVAPD)(tap(0), m)
	if f.ISA.Masked {
		f.VMOVDQA32(ix(mpIndex), k)
	} else {
		f.VMOVDQA(ix(mpIndex), k)
	}
	for i := 1; i < 4; i++ {
		f.mpWhere(s, cmpGreater, m, tap(i), i)
	}
	// +0 where a +0 ties a -0.
	for i := range 4 {
		if f.ISA.Masked {
			cmp(operand.U8(cmpEqual), m, tap(i), mpSelect)
			pick(t, f.VPANDD, f.VPANDQ)(tap(i), m, mpSelect, m)
			continue
		}
		mask, tmp := v(mpEven), v(mpOdd)
		cmp(operand.U8(cmpEqual), m, tap(i), mask)
		pick(t, f.VANDPS, f.VANDPD)(tap(i), m, tmp)
		pick(t, f.VBLENDVPS, f.VBLENDVPD)(mask, tmp, m, m)
	}
	// The last NaN, where a window has one.
	none := "nonan" + label
	if f.ISA.Masked {
		cmp(operand.U8(cmpUnordered), tap(1), tap(0), mpNaNA)
		cmp(operand.U8(cmpUnordered), tap(3), tap(2), mpNaNB)
		pick(t, f.KORTESTW, f.KORTESTB)(mpNaNA, mpNaNB)
	} else {
		a, b := v(mpEven), v(mpOdd)
		cmp(operand.U8(cmpUnordered), tap(1), tap(0), a)
		cmp(operand.U8(cmpUnordered), tap(3), tap(2), b)
		pick(t, f.VORPS, f.VORPD)(b, a, a)
		pick(t, f.VMOVMSKPS, f.VMOVMSKPD)(a, mpScratch2.As32())
		f.TESTL(mpScratch2.As32(), mpScratch2.As32())
	}
	f.JZ(operand.LabelRef(none))
	for i := range 4 {
		f.mpWhere(s, cmpUnordered, tap(i), tap(i), i)
	}
	f.Label(none)
	f.mpStore(s, masked)
}

// mpLoadTaps loads the block's four taps into registers 10 to 13.
func (f *File) mpLoadTaps(s mpShape, masked bool) {
	t := s.t
	v := s.vec
	rows := []struct {
		p         reg.GPPhysical
		low, high int
	}{{mpA, mpRowA, mpHigh}, {mpB, mpRowB, mpHighB}}
	switch {
	case s.scalar:
		load := pick(t, f.VMOVSS, f.VMOVSD)
		for r, row := range rows {
			load(operand.Mem{Base: row.p}, X(mpTap+2*r))
			load(operand.Mem{Base: row.p, Disp: t.Size}, X(mpTap+2*r+1))
		}
	case f.ISA.Masked:
		load := pick(t, f.VMOVUPS, f.VMOVUPD)
		permute := pick(t, f.VPERMI2PS, f.VPERMI2PD)
		move := pick(t, f.VMOVAPS, f.VMOVAPD)
		for r, row := range rows {
			lo, hi := operand.Mem{Base: row.p}, operand.Mem{Base: row.p, Disp: f.ISA.Width}
			if masked {
				loadZ := pick(t, f.VMOVUPS_Z, f.VMOVUPD_Z)
				loadZ(lo, mpLow, v(row.low))
				loadZ(hi, mpHighMask, v(row.high))
			} else {
				load(lo, v(row.low))
				load(hi, v(row.high))
			}
			move(v(mpEven), v(mpTap+2*r))
			permute(v(row.high), v(row.low), v(mpTap+2*r))
			move(v(mpOdd), v(mpTap+2*r+1))
			permute(v(row.high), v(row.low), v(mpTap+2*r+1))
		}
	default:
		load := pick(t, f.VMOVUPS, f.VMOVUPD)
		shuffle := pick(t, f.VSHUFPS, f.VSHUFPD)
		even, odd := operand.U8(0x88), operand.U8(0xdd) // float32: columns 0, 2 and 1, 3 of each source's four
		if t.Size == 8 {
			even, odd = 0x0, 0xf // float64: column 0 and 1 of each source's two, per 128-bit half
		}
		for r, row := range rows {
			hi := operand.Mem{Base: row.p, Disp: f.ISA.Width}
			load(operand.Mem{Base: row.p}, v(row.low))
			shuffle(even, hi, v(row.low), v(mpTap+2*r))
			shuffle(odd, hi, v(row.low), v(mpTap+2*r+1))
		}
	}
}

// pick returns the float32 or float64 form of an instruction, whatever
// its operands.
func pick[F any](t Elem, f32, f64 F) F {
	if t.Size == 4 {
		return f32
	}
	return f64
}

// mpWhere sets the largest to tap i and the index to tap i's where
// (a pred b) holds, a and b in Intel's order (b pred a in Go's).
func (f *File) mpWhere(s mpShape, pred uint8, a, b reg.VecPhysical, i int) {
	t := s.t
	tap, m, k, first := s.vec(mpTap+i), s.vec(mpLargest), s.idx(mpArgmax), s.idx(mpIndex)
	cmp := pick(t, f.VCMPPS, f.VCMPPD)
	if f.ISA.Masked {
		cmp(operand.U8(pred), a, b, mpSelect)
		pick(t, f.VMOVAPS, f.VMOVAPD)(tap, mpSelect, m)
		if i == 0 {
			f.VMOVDQA32(first, mpSelect, k)
		} else {
			f.mpAdd(s, s.idx(mpOff+i-1), first, k, mpSelect)
		}
		return
	}
	mask, tmp := s.vec(mpEven), s.idx(mpOdd)
	blend := pick(t, f.VBLENDVPS, f.VBLENDVPD)
	cmp(operand.U8(pred), a, b, mask)
	blend(mask, tap, m, m)
	if i > 0 {
		f.mpAdd(s, s.idx(mpOff+i-1), first, tmp)
		first = tmp
	}
	blend(mask, first, k, k)
}

// mpAdd sets dst = a + b on s's index registers, under mask if given.
func (f *File) mpAdd(s mpShape, a, b, dst reg.VecPhysical, mask ...operand.Op) {
	add := f.VPADDD
	if !f.ISA.Masked && s.t.Size == 8 {
		add = f.VPADDQ
	}
	add(append(append([]operand.Op{a, b}, mask...), dst)...)
}

// mpStore stores the block's largest and indices, restoring AVX2's
// order first.
func (f *File) mpStore(s mpShape, masked bool) {
	t := s.t
	m, k := s.vec(mpLargest), s.idx(mpArgmax)
	y, arg := operand.Mem{Base: mpY}, operand.Mem{Base: mpArg}
	switch {
	case s.scalar:
		pick(t, f.VMOVSS, f.VMOVSD)(m, y)
		f.VMOVD(X(mpArgmax), arg)
	case f.ISA.Masked && masked:
		pick(t, f.VMOVUPS, f.VMOVUPD)(m, mpOut, y)
		f.VMOVDQU32(k, mpOut, arg)
	case f.ISA.Masked:
		pick(t, f.VMOVUPS, f.VMOVUPD)(m, y)
		f.VMOVDQU32(k, arg)
	default:
		f.VPERMPD(operand.U8(0xd8), m, m) // 64-bit columns 0, 2, 1, 3
		pick(t, f.VMOVUPS, f.VMOVUPD)(m, y)
		if t.Size == 4 {
			f.VPERMQ(operand.U8(0xd8), k, k)
			f.VMOVDQU(k, arg)
			return
		}
		f.VPERMD(k, s.idx(mpHigh), k)
		f.VMOVDQU(X(mpArgmax), arg)
	}
}
