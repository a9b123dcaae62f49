package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
)

// deinterleaveKernel writes Deinterleave, the split of a row into its even
// and odd elements, with MaxPool2x2's split: two vectors of the row give a
// vector of each (AVX-512: VPERMI2PS; AVX2: VSHUFPS within 128-bit lanes,
// then VPERMPD across them). AVX-512 computes the last n mod lanes
// outputs as one vector under mpTailMasks's opmasks, AVX2 one at a time.
func deinterleaveKernel(f *File, t Elem) {
	name := fmt.Sprintf("deinterleave%s%s", t.Name, f.ISA.Suffix)
	sig := fmt.Sprintf("func(n int, x []%s, even, odd []%s)", t.Go, t.Go)
	f.function(t, "Deinterleave", name, sig, fmt.Sprintf("%s implements %s.Deinterleave with %s.", name, t.Table, f.ISA.Requires))
	lanes := f.ISA.Lanes(t.Size)
	x, even, odd := mpA, mpY, mpArg
	f.Load(f.Param("n"), mpN)
	f.TESTQ(mpN, mpN)
	f.JZ(operand.LabelRef("done"))
	f.Load(f.Param("x").Base(), x)
	f.Load(f.Param("even").Base(), even)
	f.Load(f.Param("odd").Base(), odd)
	v := f.ISA.Vec
	const idxEven, idxOdd, lo, hi, outEven, outOdd = 0, 1, 2, 3, 4, 5
	if f.ISA.Masked {
		// The permutes' indices: 0, 2, 4, ... and 1, 3, 5, ...
		f.laneIndices(t, idxEven, mpScratch)
		add := pick(t, f.VPADDD, f.VPADDQ)
		add(v(idxEven), v(idxEven), v(idxEven))
		f.MOVL(operand.U32(1), mpScratch.As32())
		f.broadcastInt(t, mpScratch, idxOdd)
		add(v(idxEven), v(idxOdd), v(idxOdd))
	}
	block := func(masked bool) {
		load := pick(t, f.VMOVUPS, f.VMOVUPD)
		first, second := operand.Mem{Base: x}, operand.Mem{Base: x, Disp: f.ISA.Width}
		switch {
		case masked:
			loadZ := pick(t, f.VMOVUPS_Z, f.VMOVUPD_Z)
			loadZ(first, mpLow, v(lo))
			loadZ(second, mpHighMask, v(hi))
		default:
			load(first, v(lo))
			load(second, v(hi))
		}
		if f.ISA.Masked {
			move, permute := pick(t, f.VMOVAPS, f.VMOVAPD), pick(t, f.VPERMI2PS, f.VPERMI2PD)
			move(v(idxEven), v(outEven))
			permute(v(hi), v(lo), v(outEven))
			move(v(idxOdd), v(outOdd))
			permute(v(hi), v(lo), v(outOdd))
		} else {
			if t.Size == 4 {
				f.VSHUFPS(operand.U8(0x88), v(hi), v(lo), v(outEven)) // columns 0, 2 of each source's four, per 128-bit half
				f.VSHUFPS(operand.U8(0xdd), v(hi), v(lo), v(outOdd))
			} else {
				f.VUNPCKLPD(v(hi), v(lo), v(outEven))
				f.VUNPCKHPD(v(hi), v(lo), v(outOdd))
			}
			f.VPERMPD(operand.U8(0xd8), v(outEven), v(outEven)) // 64-bit columns 0, 2, 1, 3
			f.VPERMPD(operand.U8(0xd8), v(outOdd), v(outOdd))
		}
		store := pick(t, f.VMOVUPS, f.VMOVUPD)
		if masked {
			store(v(outEven), mpOut, operand.Mem{Base: even})
			store(v(outOdd), mpOut, operand.Mem{Base: odd})
			return
		}
		store(v(outEven), operand.Mem{Base: even})
		store(v(outOdd), operand.Mem{Base: odd})
	}
	advance := func(n int) {
		f.ADDQ(operand.U32(uint64(2*n*t.Size)), x)
		f.ADDQ(operand.U32(uint64(n*t.Size)), even)
		f.ADDQ(operand.U32(uint64(n*t.Size)), odd)
	}
	f.Label("loop")
	f.CMPQ(mpN, operand.U32(uint64(lanes)))
	f.JL(operand.LabelRef("tail"))
	block(false)
	advance(lanes)
	f.SUBQ(operand.U32(uint64(lanes)), mpN)
	f.JMP(operand.LabelRef("loop"))

	f.Label("tail")
	f.TESTQ(mpN, mpN)
	f.JZ(operand.LabelRef("done"))
	if f.ISA.Masked {
		f.mpTailMasks(lanes)
		block(true)
	} else {
		mov := pick(t, f.VMOVSS, f.VMOVSD)
		f.Label("one")
		mov(operand.Mem{Base: x}, X(lo))
		mov(operand.Mem{Base: x, Disp: t.Size}, X(hi))
		mov(X(lo), operand.Mem{Base: even})
		mov(X(hi), operand.Mem{Base: odd})
		advance(1)
		f.DECQ(mpN)
		f.JNZ(operand.LabelRef("one"))
	}
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}
