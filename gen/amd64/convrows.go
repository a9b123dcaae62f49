package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("convrows", convRows) }

// convRows writes ConvRows, a direct convolution's block of four output
// channels: along the row of n outputs, blocks of vectors that stay in
// registers, four rows each, across all the steps i; each step loads each
// vector of its input row, x from offs[i] on, once, and multiplies it by
// the step's four weights, broadcast once a step. The blocks are as wide
// as the registers allow (convRowsWidest), then one block of the vectors
// left, whose last, where partial, is opmask-predicated on AVX-512; on
// AVX2 one block of the whole vectors left, then a scalar loop.
func convRows(f *File) {
	for _, t := range Elems {
		convRowsKernel(f, t)
	}
}

// convRowsWidest returns the most vectors a block of ConvRows keeps: four
// accumulators each, beside the four weights and a vector of input.
func convRowsWidest(isa ISA) int { return (isa.Regs - 5) / 4 }

// General-purpose registers of ConvRows.
var (
	crLeft   = reg.RCX // outputs left in the row
	crY      = reg.RDI // y at the block
	crLdy    = reg.RSI // ldy in bytes
	crLdy3   = reg.R8  // 3*ldy in bytes
	crW      = reg.RBX // the weights
	crX      = reg.RAX // x at the block's first output
	crOffs   = reg.R9  // the steps' offsets
	crEnd    = reg.R10 // past the last offset
	crStep   = reg.R11 // the step's offset
	crWStep  = reg.R12 // the step's weights
	crSrc    = reg.R13 // x at the step's input
	crScalar = reg.RDX // scratch
)

func convRowsKernel(f *File, t Elem) {
	name := fmt.Sprintf("convRows%s%s", t.Name, f.ISA.Suffix)
	sig := fmt.Sprintf("func(n int, y []%s, ldy int, w []%s, x []%s, offs []int)", t.Go, t.Go, t.Go)
	f.function(t, "ConvRows", name, sig, fmt.Sprintf("%s implements %s.ConvRows with %s.", name, t.Table, f.ISA.Requires))
	lanes, maxV := f.ISA.Lanes(t.Size), convRowsWidest(f.ISA)

	f.Load(f.Param("n"), crLeft)
	f.Load(f.Param("offs").Len(), crEnd)
	f.TESTQ(crEnd, crEnd)
	f.JZ(operand.LabelRef("done"))
	f.Load(f.Param("y").Base(), crY)
	f.Load(f.Param("ldy"), crLdy)
	f.SHLQ(t.Shift(), crLdy)
	f.LEAQ(operand.Mem{Base: crLdy, Index: crLdy, Scale: 2}, crLdy3)
	f.Load(f.Param("w").Base(), crW)
	f.Load(f.Param("x").Base(), crX)
	f.Load(f.Param("offs").Base(), crOffs)
	f.SHLQ(operand.U8(3), crEnd)
	f.ADDQ(crOffs, crEnd)

	f.TESTQ(crLeft, crLeft)
	f.JZ(operand.LabelRef("done"))
	f.Label("wide")
	f.CMPQ(crLeft, operand.U32(uint64(maxV*lanes)))
	f.JLE(operand.LabelRef("last"))
	f.convRowsBlock(t, maxV, nil, "wide")
	f.JMP(operand.LabelRef("wide"))

	// The last block: on AVX-512 the vectors left, the last under the
	// mask of the elements left in it; on AVX2 the whole vectors left,
	// then the elements one at a time.
	f.Label("last")
	if f.ISA.Masked {
		for v := maxV; v > 0; v-- {
			f.Label(fmt.Sprintf("last%d", v))
			if v > 1 {
				f.CMPQ(crLeft, operand.U32(uint64((v-1)*lanes)))
				f.JLE(operand.LabelRef(fmt.Sprintf("last%d", v-1)))
			}
			f.MOVQ(crLeft, crSrc)
			f.SUBQ(operand.U32(uint64((v-1)*lanes)), crSrc)
			f.MOVQ(operand.I32(-1), crScalar)
			f.BZHIQ(crSrc, crScalar, crScalar)
			f.KMOVQ(crScalar, reg.K1)
			f.convRowsBlock(t, v, reg.K1, fmt.Sprintf("block%d", v))
			f.JMP(operand.LabelRef("done"))
		}
	} else {
		for v := maxV; v > 0; v-- {
			f.CMPQ(crLeft, operand.U32(uint64(v*lanes)))
			f.JL(operand.LabelRef(fmt.Sprintf("last%d", v-1)))
			f.convRowsBlock(t, v, nil, fmt.Sprintf("block%d", v))
			f.Label(fmt.Sprintf("last%d", v-1))
		}
		f.TESTQ(crLeft, crLeft)
		f.JZ(operand.LabelRef("done"))
		f.Label("scalar")
		f.convRowsBlock(t, 0, nil, "scalar")
		f.JNZ(operand.LabelRef("scalar"))
	}
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// convRowsBlock computes the four rows of a block of vectors vectors (0:
// one element, in the low lanes) from crX and crY on, the last vector
// under mask, if any, and moves crX, crY and crLeft past it; label names
// its step loop. It leaves the flags of crLeft's update.
func (f *File) convRowsBlock(t Elem, vectors int, mask reg.Register, label string) {
	scalar := vectors == 0
	width, count := f.ISA.Width, f.ISA.Lanes(t.Size)
	if scalar {
		vectors, width, count = 1, t.Size, 1
	}
	vec := f.ISA.Vec
	if scalar {
		vec = X
	}
	acc := func(k, v int) int { return k*vectors + v }
	weight := func(k int) int { return 4*vectors + k }
	input := 4*vectors + 4
	fma := insns{f.VFMADD231PS, f.VFMADD231PD}.of(t)
	load := insns{f.VMOVUPS, f.VMOVUPD}.of(t)
	if scalar {
		fma, load = insns{f.VFMADD231SS, f.VFMADD231SD}.of(t), insns{f.VMOVSS, f.VMOVSD}.of(t)
	}
	broadcast := insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)
	for k := range 4 {
		for v := range vectors {
			f.zero(acc(k, v), scalar)
		}
	}
	f.MOVQ(crOffs, crStep)
	f.MOVQ(crW, crWStep)
	f.Label(label + "step")
	f.MOVQ(operand.Mem{Base: crStep}, crSrc)
	f.LEAQ(operand.Mem{Base: crX, Index: crSrc, Scale: uint8(t.Size)}, crSrc)
	for k := range 4 {
		if scalar {
			load(operand.Mem{Base: crWStep, Disp: k * t.Size}, X(weight(k)))
		} else {
			broadcast(operand.Mem{Base: crWStep, Disp: k * t.Size}, vec(weight(k)))
		}
	}
	for v := range vectors {
		src := operand.Mem{Base: crSrc, Disp: v * width}
		if mask != nil && v == vectors-1 {
			loadZ := f.VMOVUPS_Z
			if t.Size == 8 {
				loadZ = f.VMOVUPD_Z
			}
			loadZ(src, mask, vec(input))
		} else {
			load(src, vec(input))
		}
		for k := range 4 {
			fma(vec(weight(k)), vec(input), vec(acc(k, v)))
		}
	}
	f.ADDQ(operand.U32(8), crStep)
	f.ADDQ(operand.U32(uint64(4*t.Size)), crWStep)
	f.CMPQ(crStep, crEnd)
	f.JNE(operand.LabelRef(label + "step"))
	for k := range 4 {
		for v := range vectors {
			dst := rowAt(crY, crLdy, crLdy3, k, v*width)
			if mask != nil && v == vectors-1 {
				load(vec(acc(k, v)), mask, dst)
			} else {
				load(vec(acc(k, v)), dst)
			}
		}
	}
	f.ADDQ(operand.U32(uint64(vectors*width)), crY)
	f.ADDQ(operand.U32(uint64(vectors*width)), crX)
	f.SUBQ(operand.U32(uint64(vectors*count)), crLeft)
}
