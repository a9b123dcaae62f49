package amd64

import (
	"fmt"
	"strings"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Stream describes a kernel that walks the elements of one or more slices in
// step: a map that stores back into them, a reduction into accumulators, or
// both. From one description the generator writes two functions:
//
//   - unit stride, name+ISA: n is the length of the first slice (the others
//     are at least as long), the main loop runs Unroll vectors at a time, and
//     the tail is one opmask-predicated vector (AVX-512) or a scalar loop.
//   - strided, name+"Inc"+ISA (only in files of an ISA with Strided set):
//     n is a parameter, each slice has an increment, and element i of x is
//     x[i*incX], or x[(i+1-n)*incX] when incX < 0, as in reference BLAS.
//
// With Rows > 1 the last slice is a matrix: Rows rows of n elements, lda
// elements apart (a parameter after the slice), walked in step with the
// other slices. Such a stream has only the unit-stride form.
type Stream struct {
	Kernel  string   // field of the kernels table the functions implement: "Dot"
	In      Elem     // element type of the slices; names the table: Float64
	T       Elem     // element type of scalars, accumulators and results
	Slices  []string // slice parameters
	Rows    int      // rows of the last slice, if above 1
	Scalars []string // scalar parameters of type T, broadcast into registers
	Consts  []Bits   // constants of type T, broadcast into registers
	Accs    []Acc    // accumulators, one set per unrolled slot
	Temps   int      // scratch registers per unrolled slot
	Unroll  int      // most vectors per main-loop iteration
	Results []string // results of type T
	Body    func(s *Step)
	// Finish, if set, turns the reduced accumulators (scalar, slot 0) into the
	// results; by default result i is accumulator i.
	Finish func(s *Step) []reg.VecPhysical
}

// Acc is an accumulator: its starting value and how two partial values merge.
type Acc struct {
	Init  Bits
	Merge Merge
}

// Merge is the associative operation that combines partial accumulators.
type Merge int

const (
	MergeAdd Merge = iota
	MergeMax
	MergeMin
	MergeOr
)

func (m Merge) op(o Ops) op {
	return [...]op{o.Add, o.Max, o.Min, o.Or}[m]
}

// Step is what a kernel body sees of one block: a vector, a masked vector or
// one scalar element per slice.
type Step struct {
	O    Ops  // instructions at this block's width
	In   Elem // element type in memory
	T    Elem // element type in registers
	slot int
	lay  layout
	mem  func(slice, row int) operand.Mem
}

// Acc returns this slot's accumulator j.
func (s *Step) Acc(j int) reg.VecPhysical { return s.O.Reg(s.lay.acc(s.slot, j)) }

// Tmp returns this slot's scratch register j.
func (s *Step) Tmp(j int) reg.VecPhysical { return s.O.Reg(s.lay.tmp(s.slot, j)) }

// Scalar returns the register holding scalar parameter j in every lane.
func (s *Step) Scalar(j int) reg.VecPhysical { return s.O.Reg(s.lay.scalar(j)) }

// Const returns the register holding constant j in every lane.
func (s *Step) Const(j int) reg.VecPhysical { return s.O.Reg(s.lay.konst(j)) }

// Mem returns the memory operand of this block of slice i, for instructions
// that take one. It panics for widened slices, which must go through Load.
func (s *Step) Mem(i int) operand.Mem {
	if s.In != s.T {
		panic("gen: Mem on a widened slice")
	}
	return s.mem(i, 0)
}

// Row returns the memory operand of this block of row r of the matrix,
// slice i.
func (s *Step) Row(i, r int) operand.Mem {
	if s.In != s.T {
		panic("gen: Row on a widened slice")
	}
	return s.mem(i, r)
}

// Load loads this block of slice i into dst, widening float32 to float64
// where the slices are narrower than the registers.
func (s *Step) Load(i int, dst reg.VecPhysical) {
	if s.In != s.T {
		s.O.Widen(s.mem(i, 0), dst)
		return
	}
	s.O.Load(s.mem(i, 0), dst)
}

// Store stores src into this block of slice i.
func (s *Step) Store(src reg.VecPhysical, i int) { s.O.Store(src, s.mem(i, 0)) }

// layout numbers the vector registers: the accumulators and scratch
// registers of each slot, slot 0 first, then scalars and constants.
type layout struct{ slots, accs, temps, scalars int }

func (l layout) perSlot() int              { return l.accs + l.temps }
func (l layout) acc(slot, j int) int       { return slot*l.perSlot() + j }
func (l layout) tmp(slot, j int) int       { return slot*l.perSlot() + l.accs + j }
func (l layout) scalar(j int) int          { return l.slots*l.perSlot() + j }
func (l layout) konst(j int) int           { return l.slots*l.perSlot() + l.scalars + j }
func (l layout) reductionScratch() int     { return l.tmp(0, 0) }
func newLayout(s *Stream, regs int) layout { return layoutFor(s, regs, s.Unroll) }

func layoutFor(s *Stream, regs, unroll int) layout {
	l := layout{accs: len(s.Accs), temps: s.Temps, scalars: len(s.Scalars)}
	if len(s.Accs) > 0 && l.temps == 0 {
		l.temps = 1 // the horizontal reduction needs a scratch register
	}
	shared := len(s.Scalars) + len(s.Consts)
	fit := min(unroll, (regs-shared)/l.perSlot())
	if fit < 1 {
		panic(fmt.Sprintf("gen: %s does not fit in %d registers", s.Kernel, regs))
	}
	// A power of two, which the remainder blocks and addressing scales need.
	for l.slots = 1; 2*l.slots <= fit; l.slots *= 2 {
	}
	return l
}

// Unit-stride kernels prefetch prefetchBytes ahead while more than
// farElements float64s' worth of bytes remain: vectors that long come from
// memory, not cache. The distance is a compromise between cores: on an
// AMD EPYC (Zen, family 23) with vectors of 1e7, 512 bytes put ddot, daxpy
// and saxpy 3-9% ahead of gonum's, which has no prefetch, where 1024 and
// 2048 left them 7-17% behind (the Xeon the 2048 was first measured on
// has not been measured with 512).
const (
	prefetchBytes = 512
	farElements   = 1 << 15
)

// General-purpose registers. The strided kernels have at most two slices:
// a pointer each, the byte increment and three times it. The unit-stride
// kernels have a pointer for each slice and each row of a matrix. Never R14
// (g) or R15 (dynamic linking).
var (
	pointers   = []reg.Physical{reg.RSI, reg.RDI}
	rowPtrs    = []reg.Physical{reg.RSI, reg.RDI, reg.R8, reg.R9, reg.R10, reg.R11, reg.R12, reg.R13}
	strides    = []reg.Physical{reg.R9, reg.R10}
	strides3   = []reg.Physical{reg.R12, reg.R13}
	count      = reg.RCX // elements left
	scratchGP  = reg.RDX
	scratchGP2 = reg.RBX
)

func (s *Stream) signature(strided bool) string {
	var params []string
	if strided {
		params = append(params, "n int")
	}
	if len(s.Scalars) > 0 {
		params = append(params, strings.Join(s.Scalars, ", ")+" "+s.T.Go)
	}
	for _, x := range s.Slices {
		params = append(params, x+" []"+s.In.Go)
		if strided {
			params = append(params, "inc"+strings.ToUpper(x)+" int")
		}
	}
	if s.Rows > 1 {
		params = append(params, "lda int")
	}
	sig := "func(" + strings.Join(params, ", ") + ")"
	switch len(s.Results) {
	case 0:
	case 1:
		sig += " " + s.T.Go
	default:
		sig += " (" + strings.Join(s.Results, ", ") + " " + s.T.Go + ")"
	}
	return sig
}

// Generate writes the stream's kernels for f's ISA.
func (s *Stream) Generate(f *File) {
	s.unit(f)
	if f.ISA.Strided && s.Rows <= 1 {
		s.strided(f)
	}
}

// setup loads scalars and constants and initializes every slot's accumulators.
func (s *Stream) setup(f *File, l layout, o Ops, scalar bool) {
	for j, name := range s.Scalars {
		if scalar {
			f.loadScalar(s.T, name, X(l.scalar(j)))
		} else {
			f.broadcastScalar(s.T, name, o.Reg(l.scalar(j)))
		}
	}
	for j, c := range s.Consts {
		f.splat(s.T, c, l.konst(j), scalar)
	}
	for j, a := range s.Accs {
		first := l.acc(0, j)
		if a.Init == (Bits{}) {
			f.zero(first, scalar)
		} else {
			f.splat(s.T, a.Init, first, scalar)
		}
		for slot := 1; slot < l.slots; slot++ {
			f.VMOVAPS(o.Reg(first), o.Reg(l.acc(slot, j)))
		}
	}
}

// mergeSlots folds every slot's accumulators into slot 0's, pairwise, so
// the chain of dependent merges is log2(slots) long.
func (s *Stream) mergeSlots(l layout, o Ops) {
	for j, a := range s.Accs {
		for step := 1; step < l.slots; step *= 2 {
			for slot := 0; slot+step < l.slots; slot += 2 * step {
				into := o.Reg(l.acc(slot, j))
				a.Merge.op(o)(o.Reg(l.acc(slot+step, j)), into, into)
			}
		}
	}
}

// finish stores the results from the reduced scalar accumulators of slot 0.
func (s *Stream) finish(f *File, l layout) {
	st := &Step{O: ops(f.Context, f.ISA, s.T, true, nil), In: s.In, T: s.T, lay: l}
	var out []reg.VecPhysical
	if s.Finish != nil {
		out = s.Finish(st)
	} else {
		for j := range s.Results {
			out = append(out, st.Acc(j))
		}
	}
	for i, r := range out {
		f.storeResult(s.T, i, r)
	}
}

// name returns the function name: the kernel's name, lower-cased, with the
// element type, "Inc" for the strided form, and the ISA.
func (s *Stream) name(strided bool, isa ISA) string {
	n := strings.ToLower(s.Kernel[:1]) + s.Kernel[1:] + s.In.Name
	if strided {
		n += "Inc"
	}
	return n + isa.Suffix
}

// begin starts the function and documents which kernel it implements; the
// contract itself is the doc comment of that field in package kernels.
func (s *Stream) begin(f *File, strided bool) {
	field := s.Kernel
	if strided {
		field += "Inc"
	}
	name := s.name(strided, f.ISA)
	doc := fmt.Sprintf("%s implements %s.%s with %s.", name, s.In.Table, field, f.ISA.Requires)
	if strided {
		f.sharedFunction(s.In, field, name, s.signature(strided), doc)
		return
	}
	f.function(s.In, field, name, s.signature(strided), doc)
}

func (s *Stream) unit(f *File) {
	s.begin(f, false)
	l := newLayout(s, f.ISA.Regs)
	o := ops(f.Context, f.ISA, s.T, false, nil)
	lanes := o.Lanes
	ptrs := s.unitPointers(f)
	f.Load(f.Param(s.Slices[0]).Len(), count)
	s.setup(f, l, o, false)

	// Plain base+displacement addresses, a pointer for every row: an
	// indexed memory operand costs an extra micro-op on Intel cores
	// (unlamination) and keeps stores off the simple store AGU.
	block := func(o Ops, slot, disp int) {
		st := &Step{O: o, In: s.In, T: s.T, slot: slot, lay: l}
		st.mem = func(i, row int) operand.Mem {
			return operand.Mem{Base: ptrs[i+row], Disp: disp * s.In.Size}
		}
		s.Body(st)
	}
	advance := func(elems int) {
		for _, p := range ptrs {
			f.ADDQ(operand.U32(uint64(elems*s.In.Size)), p)
		}
	}

	// Main loop: slots*lanes elements per iteration. Long vectors, which
	// come from memory, start in a copy of it that also prefetches far
	// ahead: one core's hardware prefetchers alone do not keep enough
	// misses in flight to reach the memory bandwidth. Short ones skip it,
	// as in cache the prefetches would only cost.
	big := l.slots * lanes
	f.SUBQ(operand.U32(uint64(big)), count)
	f.JL(operand.LabelRef("rest"))
	far := uint64(farElements * 8 / s.In.Size)
	f.CMPQ(count, operand.U32(far))
	f.JL(operand.LabelRef("loop"))
	f.Label("far")
	for slot := 0; slot < l.slots; slot++ {
		block(o, slot, slot*lanes)
	}
	for _, p := range ptrs {
		for line := 0; line < big*s.In.Size; line += 64 {
			f.PREFETCHT0(operand.Mem{Base: p, Disp: prefetchBytes + line})
		}
	}
	advance(big)
	f.SUBQ(operand.U32(uint64(big)), count)
	f.CMPQ(count, operand.U32(far))
	f.JGE(operand.LabelRef("far"))
	f.TESTQ(count, count)
	f.JL(operand.LabelRef("rest"))
	f.Label("loop")
	for slot := 0; slot < l.slots; slot++ {
		block(o, slot, slot*lanes)
	}
	advance(big)
	f.SUBQ(operand.U32(uint64(big)), count)
	f.JGE(operand.LabelRef("loop"))

	// The remaining whole vectors, fewer than slots, in blocks of half the
	// slots, a quarter, ... one, as the bits of count say. Each block has
	// slots of its own, so no block waits on another's accumulators.
	f.Label("rest")
	f.ADDQ(operand.U32(uint64(big)), count)
	first := 0
	for blk := l.slots / 2; blk >= 1; blk /= 2 {
		skip := fmt.Sprintf("rest%d", blk)
		f.TESTQ(operand.U32(uint64(blk*lanes)), count)
		f.JZ(operand.LabelRef(skip))
		for v := range blk {
			block(o, first+v, v*lanes)
		}
		advance(blk * lanes)
		f.Label(skip)
		first += blk
	}
	f.ANDQ(operand.U32(uint64(lanes-1)), count)

	if f.ISA.Masked {
		// The last count < lanes elements as one predicated vector, in the
		// last slot, which no block above used: masked lanes are not loaded
		// (no fault), stored or changed.
		f.JZ(operand.LabelRef("reduce"))
		f.MOVQ(operand.I32(-1), scratchGP)
		f.BZHIQ(count, scratchGP, scratchGP)
		f.KMOVW(scratchGP.As32(), reg.K1)
		block(ops(f.Context, f.ISA, s.T, false, reg.K1), l.slots-1, 0)
		f.Label("reduce")
	}
	s.mergeSlots(l, o)
	s.reduce(f, l)
	if !f.ISA.Masked {
		// The last count < lanes elements one at a time, on the reduced
		// scalar accumulators.
		f.TESTQ(count, count)
		f.JZ(operand.LabelRef("done"))
		f.Label("scalar")
		block(ops(f.Context, f.ISA, s.T, true, nil), 0, 0)
		advance(1)
		f.DECQ(count)
		f.JNZ(operand.LabelRef("scalar"))
		f.Label("done")
	}
	f.VZEROUPPER()
	s.finish(f, l)
	f.RET()
}

// unitPointers loads the slices' base addresses into registers, one per
// slice and one per row of a matrix, and returns them in that order.
func (s *Stream) unitPointers(f *File) []reg.Physical {
	rows := max(s.Rows, 1)
	ptrs := rowPtrs[:len(s.Slices)+rows-1]
	for i, x := range s.Slices {
		f.Load(f.Param(x).Base(), ptrs[i])
	}
	if rows > 1 {
		f.Load(f.Param("lda"), scratchGP)
		f.SHLQ(s.In.Shift(), scratchGP)
		last := len(s.Slices) - 1
		for r := 1; r < rows; r++ {
			f.LEAQ(operand.Mem{Base: ptrs[last+r-1], Index: scratchGP, Scale: 1}, ptrs[last+r])
		}
	}
	return ptrs
}

// reduce folds each vector accumulator of slot 0 into its low lane.
func (s *Stream) reduce(f *File, l layout) {
	if len(s.Accs) == 0 {
		return
	}
	t := X(l.reductionScratch())
	y := ops(f.Context, AVX2, s.T, false, nil) // VEX forms on the low 16 registers
	for j, a := range s.Accs {
		r := l.acc(0, j)
		merge := a.Merge.op(y)
		if f.ISA.Width == 64 {
			f.VEXTRACTF64X4(operand.U8(1), zmm[r], ymm[l.reductionScratch()])
			merge(ymm[l.reductionScratch()], ymm[r], ymm[r])
		}
		f.VEXTRACTF128(operand.U8(1), ymm[r], t)
		merge(t, X(r), X(r))
		f.VPERMILPD(operand.U8(1), X(r), t)
		merge(t, X(r), X(r))
		if s.T.Size == 4 {
			f.VMOVSHDUP(X(r), t)
			merge(t, X(r), X(r))
		}
	}
}

func (s *Stream) strided(f *File) {
	s.begin(f, true)
	l := layoutFor(s, 16, min(s.Unroll, 4))
	o := ops(f.Context, f.ISA, s.T, true, nil)
	f.Load(f.Param("n"), count)
	for i, x := range s.Slices {
		p, inc := pointers[i], strides[i]
		f.Load(f.Param(x).Base(), p)
		f.Load(f.Param("inc"+strings.ToUpper(x)), inc)
		// For a negative increment start at element (1-n)*inc.
		f.MOVQ(count, scratchGP)
		f.NEGQ(scratchGP)
		f.INCQ(scratchGP)
		f.IMULQ(inc, scratchGP)
		f.MOVQ(inc, scratchGP2)
		f.SARQ(operand.U8(63), scratchGP2)
		f.ANDQ(scratchGP2, scratchGP)
		f.LEAQ(operand.Mem{Base: p, Index: scratchGP, Scale: uint8(s.In.Size)}, p)
		f.SHLQ(s.In.Shift(), inc)
		if l.slots > 3 {
			f.LEAQ(operand.Mem{Base: inc, Index: inc, Scale: 2}, strides3[i])
		}
	}
	s.setup(f, l, o, true)

	block := func(slot int) {
		st := &Step{O: o, In: s.In, T: s.T, slot: slot, lay: l}
		st.mem = func(i, _ int) operand.Mem {
			switch slot {
			case 0:
				return operand.Mem{Base: pointers[i]}
			case 3:
				return operand.Mem{Base: pointers[i], Index: strides3[i], Scale: 1}
			}
			return operand.Mem{Base: pointers[i], Index: strides[i], Scale: uint8(slot)}
		}
		s.Body(st)
	}
	advance := func(by uint8) {
		for i := range s.Slices {
			if by == 1 {
				f.ADDQ(strides[i], pointers[i])
			} else {
				f.LEAQ(operand.Mem{Base: pointers[i], Index: strides[i], Scale: by}, pointers[i])
			}
		}
	}

	f.SUBQ(operand.U32(uint64(l.slots)), count)
	f.JL(operand.LabelRef("single"))
	f.Label("loop")
	for slot := 0; slot < l.slots; slot++ {
		block(slot)
	}
	advance(uint8(l.slots))
	f.SUBQ(operand.U32(uint64(l.slots)), count)
	f.JGE(operand.LabelRef("loop"))
	f.Label("single")
	f.ADDQ(operand.U32(uint64(l.slots)), count)
	f.JZ(operand.LabelRef("done"))
	f.Label("loop1")
	block(0)
	advance(1)
	f.DECQ(count)
	f.JNZ(operand.LabelRef("loop1"))
	f.Label("done")
	s.mergeSlots(l, o)
	s.finish(f, l)
	f.RET()
}
