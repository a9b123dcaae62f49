package amd64

import (
	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

// File is one generated assembly file: the kernels of one family for one
// ISA, each registered in the ISA's table as it is written.
type File struct {
	*build.Context
	ISA   ISA
	Table *table.Table
}

// NewFile starts a file of kernels for isa, whose table is tbl.
func NewFile(isa ISA, tbl *table.Table) *File {
	f := &File{Context: build.NewContext(), ISA: isa, Table: tbl}
	f.ConstraintExpr("!purego")
	return f
}

// function starts the assembly function name with the Go signature sig,
// the entry field of t's table.
func (f *File) function(t Elem, field, name, sig string, doc ...string) {
	f.Table.Func(t.Name, field, name)
	f.begin(name, sig, doc...)
}

// sharedFunction is function for a kernel of the files of the ISA with
// Strided set, which the other ISAs borrow.
func (f *File) sharedFunction(t Elem, field, name, sig string, doc ...string) {
	f.Table.Lend(t.Name, field, name)
	f.begin(name, sig, doc...)
}

func (f *File) begin(name, sig string, doc ...string) {
	f.Function(name)
	f.Attributes(attr.NOSPLIT)
	f.SignatureExpr(sig)
	f.Pragma("noescape")
	f.Doc(doc...)
}

// rowAt returns the operand of row i < 4 of rows stride bytes apart, row
// 0 at base, disp bytes on: base, base+stride, base+2*stride and
// base+stride3 (three times stride, in a register of its own: an index
// scales by 1, 2, 4 or 8 only).
func rowAt(base, stride, stride3 reg.Register, i, disp int) operand.Mem {
	m := operand.Mem{Base: base, Disp: disp}
	switch i {
	case 1, 2:
		m.Index, m.Scale = stride, uint8(i)
	case 3:
		m.Index, m.Scale = stride3, 1
	}
	return m
}

// addr is the stack address of a parameter or result.
func (f *File) addr(c gotypes.Component) operand.Mem {
	b, err := c.Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// loadScalar loads a scalar parameter of type t into the low lane of x
// with a VEX or EVEX move, so that no legacy SSE instruction mixes in.
func (f *File) loadScalar(t Elem, name string, x reg.VecPhysical) {
	insns{f.VMOVSS, f.VMOVSD}.of(t)(f.addr(f.Param(name)), x)
}

// broadcastScalar fills vector v with a scalar parameter of type t.
func (f *File) broadcastScalar(t Elem, name string, v reg.VecPhysical) {
	insns{f.VBROADCASTSS, f.VBROADCASTSD}.of(t)(f.addr(f.Param(name)), v)
}

// storeResult stores the low lane of x into result i.
func (f *File) storeResult(t Elem, i int, x reg.VecPhysical) {
	insns{f.VMOVSS, f.VMOVSD}.of(t)(x, f.addr(f.ReturnIndex(i)))
}

// testZero sets the zero flag when the scalar parameter name of type t is
// zero of either sign (its bits, less the sign, are zero), using r.
func (f *File) testZero(t Elem, name string, r reg.GPPhysical) {
	if t.Size == 4 {
		f.MOVL(f.addr(f.Param(name)), r.As32())
		f.SHLL(operand.U8(1), r.As32())
		return
	}
	f.MOVQ(f.addr(f.Param(name)), r)
	f.SHLQ(operand.U8(1), r)
}

// splat fills register i with the constant v of type t: the whole vector, or
// just the low lane when scalar is set. It clobbers DX.
func (f *File) splat(t Elem, v Bits, i int, scalar bool) {
	bits := t.Bits(v)
	if t.Size == 4 {
		f.MOVL(operand.U32(bits), reg.EDX)
		f.VMOVD(reg.EDX, X(i))
		if !scalar {
			f.VPBROADCASTD(X(i), f.ISA.Vec(i))
		}
		return
	}
	f.MOVQ(operand.U64(bits), reg.RDX)
	f.VMOVQ(reg.RDX, X(i))
	if !scalar {
		f.VPBROADCASTQ(X(i), f.ISA.Vec(i))
	}
}

// zero clears register i: the whole vector, or its 128-bit view.
func (f *File) zero(i int, scalar bool) {
	if scalar {
		f.VXORPS(X(i), X(i), X(i))
		return
	}
	// VPXORD, not VXORPS: on ZMM the latter needs AVX512DQ.
	if f.ISA.Width == 64 {
		f.VPXORD(f.ISA.Vec(i), f.ISA.Vec(i), f.ISA.Vec(i))
		return
	}
	f.VXORPS(f.ISA.Vec(i), f.ISA.Vec(i), f.ISA.Vec(i))
}
