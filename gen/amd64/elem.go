package amd64

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Elem is a floating-point element type.
type Elem struct {
	Name  string // suffix of generated function names: "F64"
	Go    string // Go type name: "float64"
	Table string // the kernels table of this type: "Float64"
	Size  int    // bytes
}

var (
	F32 = Elem{Name: "F32", Go: "float32", Table: "Float32", Size: 4}
	F64 = Elem{Name: "F64", Go: "float64", Table: "Float64", Size: 8}
)

// Elems lists the element types every family is generated for.
var Elems = []Elem{F32, F64}

// Shift is log2(Size): the left shift that turns an element count into
// bytes, as an immediate.
func (t Elem) Shift() operand.U8 {
	if t.Size == 4 {
		return 2
	}
	return 3
}

// Bits returns the bit pattern of v in this type, as an integer immediate.
func (t Elem) Bits(v Bits) uint64 {
	if t.Size == 4 {
		return v.f32
	}
	return v.f64
}

// Bits is a constant known by its bit patterns in both element types.
type Bits struct{ f32, f64 uint64 }

var (
	AbsMask = Bits{f32: 0x7fffffff, f64: 0x7fffffffffffffff}
	NegInf  = Bits{f32: 0xff800000, f64: 0xfff0000000000000}
	PosInf  = Bits{f32: 0x7f800000, f64: 0x7ff0000000000000}
)

// VCMPPD predicates: cmpUnordered is true where either operand is NaN,
// cmpLess where the first source (in Intel's order; the second in Go's) is
// below the other, false where either is NaN, with no exception on quiet
// NaNs.
const (
	cmpUnordered = 3
	cmpLess      = 0x11 // LT_OQ
)

// op is an instruction constructor bound to a build context.
type op = func(...operand.Op)

// Ops are the instructions of one element type at one width: full vectors of
// an ISA, or the scalar low lane. In an opmask-predicated tail every
// instruction carries the mask, so inactive lanes are neither loaded, stored
// nor changed.
type Ops struct {
	Lanes int
	Reg   func(i int) reg.VecPhysical // register i at this width
	// Go operand order, as avo takes it: sources first, destination last.
	Load, Store                  op                                       // full-width move to or from memory
	Add, Sub, Mul, FMA, Max, Min op                                       // FMA is dst += src1*src2
	Div                          op                                       // dst = src2 / src1, as Sub's dst = src2 - src1
	Sqrt                         func(src, dst operand.Op)                // IEEE square root, correctly rounded
	And, Or                      op                                       // bitwise, register operands only at scalar width
	Cmp                          op                                       // imm8 predicate, a, b, dst
	Widen                        func(m operand.Mem, dst reg.VecPhysical) // load half-width float32 converted to float64
	// MarkNaN sets to all ones the lanes of flag where v is NaN; it may
	// clobber scratch.
	MarkNaN func(v, flag, scratch reg.VecPhysical)
	// Gate sets dst to v in the lanes where x > 0 and to +0 in the others
	// (x NaN included), zero a register of zeros; it may clobber scratch.
	Gate func(x, v operand.Op, zero, dst, scratch reg.VecPhysical)
}

// insns holds one instruction for each element type.
type insns struct{ f32, f64 op }

func (i insns) of(t Elem) op {
	if t.Size == 4 {
		return i.f32
	}
	return i.f64
}

// ops returns the instructions for element type t on isa's vectors, or on the
// scalar low lane when scalar is set. A non-nil mask predicates every
// vector instruction.
func ops(c *build.Context, isa ISA, t Elem, scalar bool, mask operand.Op) Ops {
	if scalar {
		o := Ops{
			Lanes: 1,
			Reg:   X,
			Load:  insns{c.VMOVSS, c.VMOVSD}.of(t),
			Store: insns{c.VMOVSS, c.VMOVSD}.of(t),
			Add:   insns{c.VADDSS, c.VADDSD}.of(t),
			Sub:   insns{c.VSUBSS, c.VSUBSD}.of(t),
			Mul:   insns{c.VMULSS, c.VMULSD}.of(t),
			Div:   insns{c.VDIVSS, c.VDIVSD}.of(t),
			FMA:   insns{c.VFMADD231SS, c.VFMADD231SD}.of(t),
			Max:   insns{c.VMAXSS, c.VMAXSD}.of(t),
			Min:   insns{c.VMINSS, c.VMINSD}.of(t),
			And:   insns{c.VANDPS, c.VANDPD}.of(t),
			Or:    insns{c.VORPS, c.VORPD}.of(t),
			Cmp:   insns{c.VCMPSS, c.VCMPSD}.of(t),
			Widen: func(m operand.Mem, dst reg.VecPhysical) { c.VCVTSS2SD(m, dst, dst) },
		}
		sqrt := insns{c.VSQRTSS, c.VSQRTSD}.of(t)
		o.Sqrt = func(src, dst operand.Op) { sqrt(src, dst, dst) } // the upper lanes are dst's
		o.MarkNaN = markNaNByCompare(o)
		o.Gate = func(x, v operand.Op, zero, dst, scratch reg.VecPhysical) {
			o.Cmp(operand.U8(cmpLess), x, zero, scratch) // 0 < x
			o.Load(v, dst)                               // the scalar And takes registers only
			o.And(scratch, dst, dst)
		}
		return o
	}
	o := Ops{
		Lanes: isa.Lanes(t.Size),
		Reg:   isa.Vec,
		Load:  insns{c.VMOVUPS, c.VMOVUPD}.of(t),
		Store: insns{c.VMOVUPS, c.VMOVUPD}.of(t),
		Add:   insns{c.VADDPS, c.VADDPD}.of(t),
		Sub:   insns{c.VSUBPS, c.VSUBPD}.of(t),
		Mul:   insns{c.VMULPS, c.VMULPD}.of(t),
		Div:   insns{c.VDIVPS, c.VDIVPD}.of(t),
		FMA:   insns{c.VFMADD231PS, c.VFMADD231PD}.of(t),
		Max:   insns{c.VMAXPS, c.VMAXPD}.of(t),
		Min:   insns{c.VMINPS, c.VMINPD}.of(t),
		And:   insns{c.VANDPS, c.VANDPD}.of(t),
		Or:    insns{c.VORPS, c.VORPD}.of(t),
		Cmp:   insns{c.VCMPPS, c.VCMPPD}.of(t),
	}
	widen, sqrt := c.VCVTPS2PD, insns{c.VSQRTPS, c.VSQRTPD}.of(t)
	if isa.Width == 64 {
		// The floating-point logic instructions on ZMM need AVX512DQ; the
		// integer ones are AVX512F.
		o.And = insns{c.VPANDD, c.VPANDQ}.of(t)
		o.Or = insns{c.VPORD, c.VPORQ}.of(t)
	}
	if mask != nil {
		m := func(f op) op {
			return func(args ...operand.Op) {
				last := len(args) - 1
				f(append(append(append([]operand.Op{}, args[:last]...), mask), args[last])...)
			}
		}
		o.Load, o.Store, o.Add, o.Sub, o.Mul, o.FMA = m(o.Load), m(o.Store), m(o.Add), m(o.Sub), m(o.Mul), m(o.FMA)
		o.Div, o.Max, o.Min, o.And, o.Or, o.Cmp = m(o.Div), m(o.Max), m(o.Min), m(o.And), m(o.Or), m(o.Cmp)
		widen, sqrt = m(widen), m(sqrt)
	}
	o.Widen = func(m operand.Mem, dst reg.VecPhysical) { widen(m, dst) }
	o.Sqrt = func(src, dst operand.Op) { sqrt(src, dst) }
	o.MarkNaN = markNaNByCompare(o)
	o.Gate = func(x, v operand.Op, zero, dst, scratch reg.VecPhysical) {
		o.Cmp(operand.U8(cmpLess), x, zero, scratch) // 0 < x
		o.And(v, scratch, dst)
	}
	if isa.Width == 64 {
		// ZMM compares write an opmask, which then sets the flag's lanes,
		// or selects the lanes a zeroing load keeps. A masked compare ANDs
		// in the tail's mask.
		cmp, ternlog := o.Cmp, insns{c.VPTERNLOGD, c.VPTERNLOGQ}.of(t)
		o.MarkNaN = func(v, flag, _ reg.VecPhysical) {
			cmp(operand.U8(cmpUnordered), v, v, reg.K2)
			ternlog(operand.U8(0xff), flag, flag, reg.K2, flag)
		}
		loadZ := c.VMOVUPD_Z
		if t.Size == 4 {
			loadZ = c.VMOVUPS_Z
		}
		o.Gate = func(x, v operand.Op, zero, dst, _ reg.VecPhysical) {
			cmp(operand.U8(cmpLess), x, zero, reg.K2)
			loadZ(v, reg.K2, dst)
		}
	}
	return o
}

// markNaNByCompare implements MarkNaN with a compare into a vector and an OR.
func markNaNByCompare(o Ops) func(v, flag, scratch reg.VecPhysical) {
	return func(v, flag, scratch reg.VecPhysical) {
		o.Cmp(operand.U8(cmpUnordered), v, v, scratch)
		o.Or(scratch, flag, flag)
	}
}
