package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("depthwise", depthwise) }

// depthwise writes the row kernels of depthwise convolution at unit stride,
// Depthwise3x3S1 and Depthwise5x5S1: a block of output vectors stays in
// registers across all k*k taps, each tap a multiply-add of a vector loaded
// from one of the k input rows, shifted by the tap's column, and the tap's
// weight, broadcast once. The weights stay in registers where they fit
// beside the block (all but AVX2's 5x5, which broadcasts each weight once
// per block).
func depthwise(f *File) {
	for _, k := range []int{3, 5} {
		for _, t := range Elems {
			depthwiseRow(f, t, k)
		}
	}
}

// depthwiseBlock is the most output vectors one iteration keeps in registers.
const depthwiseBlock = 8

func depthwiseRow(f *File, t Elem, k int) {
	field := fmt.Sprintf("Depthwise%dx%dS1", k, k)
	name := fmt.Sprintf("depthwise%dx%dS1%s%s", k, k, t.Name, f.ISA.Suffix)
	f.function(t, field, name, fmt.Sprintf("func(y, x []%s, ldx int, w []%s)", t.Go, t.Go),
		fmt.Sprintf("%s implements %s.%s with %s.", name, t.Table, field, f.ISA.Requires))

	taps := k * k
	resident := taps+1 < f.ISA.Regs
	slots := depthwiseBlock
	if resident {
		slots = min(slots, f.ISA.Regs-taps)
	}
	// Registers: the block's accumulators 0..slots-1, then the weights (or
	// the one weight being broadcast).
	weight := func(j int) int {
		if resident {
			return slots + j
		}
		return slots
	}
	y, w := rowPtrs[0], reg.RBX
	rows := rowPtrs[1 : 1+k]
	f.Load(f.Param("y").Len(), count)
	f.Load(f.Param("y").Base(), y)
	f.Load(f.Param("x").Base(), rows[0])
	f.Load(f.Param("w").Base(), w)
	f.Load(f.Param("ldx"), scratchGP)
	f.SHLQ(t.Shift(), scratchGP)
	for r := 1; r < k; r++ {
		f.LEAQ(operand.Mem{Base: rows[r-1], Index: scratchGP, Scale: 1}, rows[r])
	}
	broadcast := func(j int) {
		insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)(operand.Mem{Base: w, Disp: j * t.Size}, f.ISA.Vec(weight(j)))
	}
	if resident {
		for j := range taps {
			broadcast(j)
		}
	}

	// block computes n output vectors (or elements) at o's width.
	block := func(o Ops, n int) {
		for j := range taps {
			r, c := j/k, j%k
			if !resident {
				broadcast(j)
			}
			for v := range n {
				x := operand.Mem{Base: rows[r], Disp: (v*o.Lanes + c) * t.Size}
				if j == 0 {
					o.Mul(x, o.Reg(weight(j)), o.Reg(v))
				} else {
					o.FMA(x, o.Reg(weight(j)), o.Reg(v))
				}
			}
		}
		for v := range n {
			o.Store(o.Reg(v), operand.Mem{Base: y, Disp: v * o.Lanes * t.Size})
		}
	}
	advance := func(elems int) {
		for _, p := range append([]reg.Physical{y}, rows...) {
			f.ADDQ(operand.U32(uint64(elems*t.Size)), p)
		}
	}
	// loop runs block(o, n) while n vectors are left, label its name.
	loop := func(o Ops, n int, label string) {
		elems := uint64(n * o.Lanes)
		f.SUBQ(operand.U32(elems), count)
		f.JL(operand.LabelRef(label + "end"))
		f.Label(label)
		block(o, n)
		advance(n * o.Lanes)
		f.SUBQ(operand.U32(elems), count)
		f.JGE(operand.LabelRef(label))
		f.Label(label + "end")
		f.ADDQ(operand.U32(elems), count)
	}
	o := ops(f.Context, f.ISA, t, false, nil)
	loop(o, slots, "loop")
	loop(o, 1, "single")
	f.TESTQ(count, count)
	f.JZ(operand.LabelRef("done"))
	if f.ISA.Masked {
		// The last count < lanes elements as one predicated vector: masked
		// lanes are neither loaded nor stored.
		f.MOVQ(operand.I32(-1), scratchGP)
		f.BZHIQ(count, scratchGP, scratchGP)
		f.KMOVW(scratchGP.As32(), reg.K1)
		block(ops(f.Context, f.ISA, t, false, reg.K1), 1)
	} else {
		f.Label("scalar")
		block(ops(f.Context, f.ISA, t, true, nil), 1)
		advance(1)
		f.DECQ(count)
		f.JNZ(operand.LabelRef("scalar"))
	}
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}
