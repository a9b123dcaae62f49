package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("depthwise", depthwise) }

// depthwise writes the block kernels of depthwise convolution,
// Depthwise3x3S1, Depthwise5x5S1 and Depthwise3x3S2: the output is walked
// in groups of rows (up to the kernel's MaxRows, then halves), each group
// along its columns in blocks of rows × vectors that stay in registers
// across all the taps, each tap a multiply-add of a vector loaded from its
// input row, shifted by its column, and its weight, broadcast once. The
// last partial vector of every row is one opmask-predicated vector on
// AVX-512, a scalar loop on AVX2. The weights stay in registers where they
// fit beside the block and a vector of input (all but AVX2's 5x5, which
// broadcasts each weight once per block); then each vector of input is
// loaded once for all the block's rows whose taps read it, input row by
// input row (gen/table's DepthwiseKernel.Loads), where otherwise each tap
// of each row loads its own: the 5x5 kernel's four rows load 40 vectors,
// unaligned, for 100 multiply-adds, not 100. Each output adds its taps in
// the same order either way.
func depthwise(f *File) {
	for _, d := range table.DepthwiseKernels() {
		for _, t := range Elems {
			depthwiseKernel(f, t, d)
		}
	}
}

// depthwiseAcc is the most accumulators a block keeps.
const depthwiseAcc = 16

// General-purpose registers of the depthwise kernels. RDX is scratch: the
// tail's mask at the start, then the pointer four rows below plane 0's.
var (
	dwY, dwLY, dwLY3 = reg.RSI, reg.RDI, reg.R8 // y at the block, ldy and 3*ldy in bytes
	dwP              = []reg.Physical{reg.R9, reg.R10}
	dwL, dwL3        = reg.R11, reg.R12 // ldx and 3*ldx in bytes
	dwYRow           = reg.R13          // y at the group's first row
	dwPRow           = []reg.Physical{reg.RAX, reg.R8}
	dwW              = reg.RBX
	dwBelow          = reg.RDX
)

func depthwiseKernel(f *File, t Elem, d table.DepthwiseKernel) {
	name := fmt.Sprintf("%s%s%s", lowerFirst(d.Field), t.Name, f.ISA.Suffix)
	sig := fmt.Sprintf("func(rows, cols int, y []%s, ldy int, x []%s, ldx int, w []%s)", t.Go, t.Go, t.Go)
	if len(d.Planes) == 2 {
		sig = fmt.Sprintf("func(rows, cols int, y []%s, ldy int, even, odd []%s, ldx int, w []%s)", t.Go, t.Go, t.Go)
	}
	f.function(t, d.Field, name, sig, fmt.Sprintf("%s implements %s.%s with %s.", name, t.Table, d.Field, f.ISA.Requires))
	if len(d.Planes) == 2 && d.MaxRows > 2 {
		panic("gen: a two-plane depthwise kernel has no register for 3*ldy")
	}

	taps := len(d.Taps)
	resident := taps+2 < f.ISA.Regs
	accs := min(depthwiseAcc, f.ISA.Regs-1)
	if resident {
		accs = min(depthwiseAcc, f.ISA.Regs-taps-1)
	}
	// Registers: the block's accumulators 0..accs-1, then the weights and
	// the vector of input (or the one weight being broadcast).
	weight := func(j int) int {
		if resident {
			return accs + j
		}
		return accs
	}
	input := accs + taps
	rowsArg, colsArg := f.addr(f.Param("rows")), f.addr(f.Param("cols"))
	f.Load(f.Param("y").Base(), dwYRow)
	f.Load(f.Param("ldy"), dwLY)
	f.SHLQ(t.Shift(), dwLY)
	if d.MaxRows > 2 {
		f.LEAQ(operand.Mem{Base: dwLY, Index: dwLY, Scale: 2}, dwLY3)
	}
	for p, name := range d.Planes {
		f.Load(f.Param(name).Base(), dwPRow[p])
	}
	f.Load(f.Param("ldx"), dwL)
	f.SHLQ(t.Shift(), dwL)
	f.LEAQ(operand.Mem{Base: dwL, Index: dwL, Scale: 2}, dwL3)
	f.Load(f.Param("w").Base(), dwW)
	broadcast := func(j int) {
		insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)(operand.Mem{Base: dwW, Disp: j * t.Size}, f.ISA.Vec(weight(j)))
	}
	if resident {
		for j := range taps {
			broadcast(j)
		}
	}
	lanes := f.ISA.Lanes(t.Size)
	if f.ISA.Masked {
		// Every row ends in the same cols%lanes elements: one mask for all.
		f.MOVQ(colsArg, count)
		f.ANDQ(operand.U32(uint64(lanes-1)), count)
		f.MOVQ(operand.I32(-1), dwBelow)
		f.BZHIQ(count, dwBelow, dwBelow)
		f.KMOVW(dwBelow.As32(), reg.K1)
	}

	// in returns the operand of input row rho of plane p, disp bytes on.
	in := func(p, rho, disp int) operand.Mem {
		base := dwP[p]
		if rho > 4 {
			if p != 0 || rho > 8 {
				panic("gen: depthwise input row out of reach")
			}
			base, rho = dwBelow, rho-4
		}
		m := operand.Mem{Base: base, Disp: disp}
		switch rho {
		case 1, 2, 4:
			m.Index, m.Scale = dwL, uint8(rho)
		case 3:
			m.Index, m.Scale = dwL3, 1
		}
		return m
	}
	out := func(m, disp int) operand.Mem { return rowAt(dwY, dwLY, dwLY3, m, disp) }
	// block computes mr rows of n output vectors (or elements) at o's width.
	block := func(o Ops, mr, n int) {
		if (mr-1)*d.Stride+d.Taps[taps-1].Row > 4 {
			f.LEAQ(operand.Mem{Base: dwP[0], Index: dwL, Scale: 4}, dwBelow)
		}
		if resident {
			depthwiseShared(o, d, t.Size, mr, n, in, weight, input)
		} else {
			for j, tp := range d.Taps {
				broadcast(j)
				for m := range mr {
					for v := range n {
						x := in(tp.Plane, m*d.Stride+tp.Row, (v*o.Lanes+tp.Col)*t.Size)
						if j == 0 {
							o.Mul(x, o.Reg(weight(j)), o.Reg(m*n+v))
						} else {
							o.FMA(x, o.Reg(weight(j)), o.Reg(m*n+v))
						}
					}
				}
			}
		}
		for m := range mr {
			for v := range n {
				o.Store(o.Reg(m*n+v), out(m, v*o.Lanes*t.Size))
			}
		}
	}
	advance := func(elems int) {
		for _, p := range append([]reg.Physical{dwY}, dwP[:len(d.Planes)]...) {
			f.ADDQ(operand.U32(uint64(elems*t.Size)), p)
		}
	}
	// loop runs block(o, mr, n) while n vectors are left, label its name.
	loop := func(o Ops, mr, n int, label string) {
		elems := uint64(n * o.Lanes)
		f.SUBQ(operand.U32(elems), count)
		f.JL(operand.LabelRef(label + "end"))
		f.Label(label)
		block(o, mr, n)
		advance(n * o.Lanes)
		f.SUBQ(operand.U32(elems), count)
		f.JGE(operand.LabelRef(label))
		f.Label(label + "end")
		f.ADDQ(operand.U32(elems), count)
	}
	o := ops(f.Context, f.ISA, t, false, nil)
	for mr := d.MaxRows; mr >= 1; mr /= 2 {
		group := fmt.Sprintf("rows%d", mr)
		f.Label(group)
		f.CMPQ(rowsArg, operand.U32(uint64(mr)))
		f.JL(operand.LabelRef(group + "end"))
		f.MOVQ(dwYRow, dwY)
		for p := range d.Planes {
			f.MOVQ(dwPRow[p], dwP[p])
		}
		f.MOVQ(colsArg, count)
		nv := min(accs/mr, 4)
		if nv > 1 {
			loop(o, mr, nv, group+"block")
		}
		loop(o, mr, 1, group+"single")
		f.TESTQ(count, count)
		f.JZ(operand.LabelRef(group + "next"))
		if f.ISA.Masked {
			block(ops(f.Context, f.ISA, t, false, reg.K1), mr, 1)
		} else {
			f.Label(group + "scalar")
			block(ops(f.Context, f.ISA, t, true, nil), mr, 1)
			advance(1)
			f.DECQ(count)
			f.JNZ(operand.LabelRef(group + "scalar"))
		}
		f.Label(group + "next")
		f.LEAQ(operand.Mem{Base: dwYRow, Index: dwLY, Scale: uint8(mr)}, dwYRow)
		for p := range d.Planes {
			f.LEAQ(operand.Mem{Base: dwPRow[p], Index: dwL, Scale: uint8(mr * d.Stride)}, dwPRow[p])
		}
		f.SUBQ(operand.U32(uint64(mr)), rowsArg)
		f.JMP(operand.LabelRef(group))
		f.Label(group + "end")
	}
	f.VZEROUPPER()
	f.RET()
}

// depthwiseShared computes the taps of a block of mr rows of n vectors
// with resident weights, loading each vector of input once into register
// input for every row of the block that reads it (table's Loads), the
// first tap of each output a multiply.
func depthwiseShared(o Ops, d table.DepthwiseKernel, size, mr, n int, in func(p, rho, disp int) operand.Mem, weight func(int) int, input int) {
	for _, l := range d.Loads(mr) {
		for v := range n {
			o.Load(in(l.Plane, l.Row, (v*o.Lanes+l.Col)*size), o.Reg(input))
			for _, u := range l.Uses {
				if u.Tap == 0 {
					o.Mul(o.Reg(input), o.Reg(weight(u.Tap)), o.Reg(u.Out*n+v))
				} else {
					o.FMA(o.Reg(input), o.Reg(weight(u.Tap)), o.Reg(u.Out*n+v))
				}
			}
		}
	}
}

// lowerFirst returns s with its first letter in lower case.
func lowerFirst(s string) string { return string(s[0]+'a'-'A') + s[1:] }
