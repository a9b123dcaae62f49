package arm64

import (
	"fmt"
	"strings"
)

// Stream describes a kernel that walks the elements of one or more slices in
// step, as gen/amd64's Stream does: a map that stores back into them, a
// reduction into accumulators, or both. From one description the generator
// writes two functions:
//
//   - unit stride, name+"NEON": n is the length of the first slice, the
//     main loop runs Unroll vectors at a time, then single vectors, then a
//     scalar loop for the tail.
//   - strided, name+"IncNEON" (unless Rows > 1): n is a parameter, each
//     slice has an increment, and element i of x is x[i*incX], or
//     x[(i+1-n)*incX] when incX < 0, as in reference BLAS.
//
// With Rows > 1 the last slice is a matrix: Rows rows of n elements, lda
// elements apart (a parameter after the slice), walked in step with the
// other slices.
type Stream struct {
	Kernel  string   // field of the kernels table the functions implement
	In      Elem     // element type of the slices
	T       Elem     // element type of scalars, accumulators and results
	Slices  []string // slice parameters
	Rows    int      // rows of the last slice, if above 1
	Scalars []string // scalar parameters of type T, broadcast into registers
	Accs    []Acc    // accumulators, one set per unrolled slot
	Temps   int      // scratch registers per unrolled slot
	Unroll  int      // most vectors per main-loop iteration
	Results []string // results of type T
	Body    func(s *Step)
}

// Acc is an accumulator: its starting value and how two partial values merge.
type Acc struct {
	Init  float64
	Merge Merge
}

// Merge is the associative operation that combines partial accumulators.
type Merge int

const (
	MergeAdd    Merge = iota
	MergeMax          // NaN if either is NaN
	MergeMin          // NaN if either is NaN
	MergeMaxNum       // the number if one of them is NaN
)

// General-purpose registers: a pointer per slice (and per row of a matrix),
// the count of elements left, the byte increments (or lda in bytes), and a
// scratch register. Go reserves R18, R26-R30.
const (
	count   = "R8"
	stride0 = "R9"
	stride1 = "R10"
	scratch = "R11"
)

func pointer(i int) string { return fmt.Sprintf("R%d", i) }

// Generate writes the stream's kernels into f.
func (s *Stream) Generate(f *File) {
	s.unit(f)
	if s.Rows <= 1 {
		s.strided(f)
	}
}

func (s *Stream) name(strided bool) string {
	n := strings.ToLower(s.Kernel[:1]) + s.Kernel[1:] + s.In.Name
	if strided {
		n += "Inc"
	}
	return n + "NEON"
}

func (s *Stream) function(f *File, strided bool) *Func {
	var params, results []Param
	if strided {
		params = append(params, Int("n"))
	}
	for _, sc := range s.Scalars {
		params = append(params, Float(sc, s.T))
	}
	for _, x := range s.Slices {
		params = append(params, Slice(x, s.In))
		if strided {
			params = append(params, Int("inc"+strings.ToUpper(x)))
		}
	}
	if s.Rows > 1 {
		params = append(params, Int("lda"))
	}
	for _, r := range s.Results {
		results = append(results, Float(r, s.T))
	}
	field := s.Kernel
	if strided {
		field += "Inc"
	}
	return f.Function(s.In, field, s.name(strided), fmt.Sprintf("implements %s.%s with NEON.", s.In.Table, field), params, results)
}

// layout numbers the vector registers: the accumulators and scratch
// registers of each slot, slot 0 first, then the scalars.
type layout struct{ slots, accs, temps int }

func (l layout) perSlot() int        { return l.accs + l.temps }
func (l layout) acc(slot, j int) int { return slot*l.perSlot() + j }
func (l layout) tmp(slot, j int) int { return slot*l.perSlot() + l.accs + j }
func (l layout) scalar(j int) int    { return l.slots*l.perSlot() + j }

func (s *Stream) layout(unroll int) layout {
	l := layout{accs: len(s.Accs), temps: max(s.Temps, 1)}
	fit := min(unroll, (32-len(s.Scalars))/l.perSlot())
	if fit < 1 {
		panic("gen: " + s.Kernel + " does not fit in 32 registers")
	}
	for l.slots = 1; 2*l.slots <= fit; l.slots *= 2 {
	}
	return l
}

// Step is what a kernel body sees of one block: a vector or one scalar
// element per slice.
type Step struct {
	fn     *Func
	In, T  Elem
	vector bool
	slot   int
	lay    layout
	off    int // byte offset of this block from the pointers
}

func (s *Step) Acc(j int) int    { return s.lay.acc(s.slot, j) }
func (s *Step) Tmp(j int) int    { return s.lay.tmp(s.slot, j) }
func (s *Step) Scalar(j int) int { return s.lay.scalar(j) }

// Load loads this block of slice i into v, widening float32 to float64
// where the slices are narrower than the registers.
func (s *Step) Load(i, v int) { s.LoadRow(i, 0, v) }

// LoadRow loads this block of row r of matrix slice i into v.
func (s *Step) LoadRow(i, r, v int) {
	at := fmt.Sprintf("%d(%s)", s.off, pointer(i+r))
	widen := s.In != s.T
	switch {
	case !s.vector:
		s.fn.I("FMOV%s %s, F%d", s.In.Suffix(), at, v)
		if widen {
			s.fn.I("FCVTSD F%d, F%d", v, v)
		}
	case widen:
		s.fn.I("FMOVD %s, F%d", at, v) // two float32
		s.fn.W(FCVTL(v, v))
	default:
		s.fn.I("FMOVQ %s, F%d", at, v)
	}
}

// Store stores v into this block of slice i.
func (s *Step) Store(v, i int) {
	at := fmt.Sprintf("%d(%s)", s.off, pointer(i))
	if s.vector {
		s.fn.I("FMOVQ F%d, %s", v, at)
		return
	}
	s.fn.I("FMOV%s F%d, %s", s.T.Suffix(), v, at)
}

// FMA sets acc += x*y.
func (s *Step) FMA(x, y, acc int) {
	if s.vector {
		s.fn.FMLA(s.T, acc, x, y)
		return
	}
	s.fn.I("FMADD%s F%d, F%d, F%d, F%d", s.T.Suffix(), y, acc, x, acc)
}

func (s *Step) op3(vec func(Elem, int, int, int) Inst, scalar string, x, y, d int) {
	if s.vector {
		s.fn.W(vec(s.T, d, x, y))
		return
	}
	s.fn.I("%s%s F%d, F%d, F%d", scalar, s.T.Suffix(), y, x, d)
}

// Add sets d = x + y.
func (s *Step) Add(x, y, d int) { s.op3(FADD, "FADD", x, y, d) }

// Sub sets d = x - y.
func (s *Step) Sub(x, y, d int) { s.op3(FSUB, "FSUB", x, y, d) }

// Mul sets d = x * y.
func (s *Step) Mul(x, y, d int) { s.op3(FMUL, "FMUL", x, y, d) }

// Div sets d = x / y.
func (s *Step) Div(x, y, d int) { s.op3(FDIV, "FDIV", x, y, d) }

// Max sets d = max(x, y), NaN if either is NaN.
func (s *Step) Max(x, y, d int) { s.op3(FMAX, "FMAX", x, y, d) }

// Min sets d = min(x, y), NaN if either is NaN.
func (s *Step) Min(x, y, d int) { s.op3(FMIN, "FMIN", x, y, d) }

// MaxNum sets d = max(x, y), the number if one of them is NaN.
func (s *Step) MaxNum(x, y, d int) { s.op3(FMAXNM, "FMAXNM", x, y, d) }

// Zero sets d = 0.
func (s *Step) Zero(d int) {
	if s.vector {
		s.fn.Zero(d)
		return
	}
	s.fn.I("FMOVD ZR, F%d", d)
}

// Positive sets every bit of d's lanes where x is above zero and clears
// the others (NaN included).
func (s *Step) Positive(x, d int) { s.fn.W(FCMGTZ(s.T, d, x, s.vector)) }

// And sets d = x & y, bitwise, on the whole registers.
func (s *Step) And(x, y, d int) { s.fn.I("VAND V%d.B16, V%d.B16, V%d.B16", y, x, d) }

// Abs sets d = |x|.
func (s *Step) Abs(x, d int) {
	if s.vector {
		s.fn.W(FABS(s.T, d, x))
		return
	}
	s.fn.I("FABS%s F%d, F%d", s.T.Suffix(), x, d)
}

// Sqrt sets d = sqrt(x), IEEE's.
func (s *Step) Sqrt(x, d int) {
	if s.vector {
		s.fn.W(FSQRT(s.T, d, x))
		return
	}
	s.fn.I("FSQRT%s F%d, F%d", s.T.Suffix(), x, d)
}

func (s *Step) merge(m Merge, x, y, d int) {
	[...]func(x, y, d int){s.Add, s.Max, s.Min, s.MaxNum}[m](x, y, d)
}

// pairwise is the scalar pairwise form of m.
func (m Merge) pairwise() func(Elem, int, int) Inst {
	return [...]func(Elem, int, int) Inst{FADDPS, FMAXPS, FMINPS, FMAXNMPS}[m]
}

func (s *Stream) loadPointers(fn *Func, strided bool) {
	for i, x := range s.Slices {
		fn.I("MOVD %s, %s", fn.Arg(x), pointer(i))
	}
	if strided {
		fn.I("MOVD %s, %s", fn.Arg("n"), count)
	} else {
		fn.I("MOVD %s, %s", fn.Arg(s.Slices[0], "len"), count)
	}
	if s.Rows > 1 {
		last := len(s.Slices) - 1
		fn.I("MOVD %s, %s", fn.Arg("lda"), stride0)
		fn.I("LSL $%d, %s, %s", s.In.Shift(), stride0, stride0)
		for r := 1; r < s.Rows; r++ {
			fn.I("ADD %s, %s, %s", stride0, pointer(last+r-1), pointer(last+r))
		}
	}
}

// initAccs sets the accumulators of every slot; scalar sets only lane 0.
func (s *Stream) initAccs(fn *Func, lay layout, scalar bool) {
	for slot := range lay.slots {
		for j, a := range s.Accs {
			v := lay.acc(slot, j)
			switch {
			case a.Init == 0 && scalar:
				fn.I("FMOVD ZR, F%d", v)
			case a.Init == 0:
				fn.Zero(v)
			default:
				fn.I("MOVD $0x%x, %s", s.T.Bits(a.Init), scratch)
				if scalar {
					fn.I("FMOV%s %s, F%d", s.T.Suffix(), scratch, v)
				} else {
					fn.I("VDUP %s, V%d.%s", scratch, v, s.T.Arr())
				}
			}
		}
	}
}

func (s *Stream) loadScalars(fn *Func, lay layout, broadcast bool) {
	for j, name := range s.Scalars {
		v := lay.scalar(j)
		fn.I("FMOV%s %s, F%d", s.T.Suffix(), fn.Arg(name), v)
		if broadcast {
			fn.Broadcast(s.T, v)
		}
	}
}

func (s *Stream) storeResults(fn *Func, lay layout) {
	for i := range s.Results {
		fn.I("FMOV%s F%d, %s", s.T.Suffix(), lay.acc(0, i), fn.Ret(i))
	}
}

// advance moves every pointer on by bytes.
func (s *Stream) advance(fn *Func, bytes int) {
	for i := range s.pointers() {
		fn.I("ADD $%d, %s", bytes, pointer(i))
	}
}

func (s *Stream) pointers() int { return len(s.Slices) + max(s.Rows, 1) - 1 }

func (s *Stream) unit(f *File) {
	fn := s.function(f, false)
	lay := s.layout(s.Unroll)
	s.loadPointers(fn, false)
	s.loadScalars(fn, lay, true)
	s.initAccs(fn, lay, false)
	lanes := s.T.Lanes()
	bytes := lanes * s.In.Size // per vector block
	step := func(vector bool, slot, off int) {
		s.Body(&Step{fn: fn, In: s.In, T: s.T, vector: vector, slot: slot, lay: lay, off: off})
	}
	// loop runs body while at least block elements are left.
	loop := func(block int, body func()) {
		top, end := fn.Label("loop"), fn.Label("done")
		fn.I("CMP $%d, %s", block, count)
		fn.I("BLT %s", end)
		fn.Place(top)
		body()
		fn.I("SUB $%d, %s", block, count)
		fn.I("CMP $%d, %s", block, count)
		fn.I("BGE %s", top)
		fn.Place(end)
	}
	loop(lay.slots*lanes, func() {
		for slot := range lay.slots {
			step(true, slot, slot*bytes)
		}
		s.advance(fn, lay.slots*bytes)
	})
	if lay.slots > 1 {
		loop(lanes, func() {
			step(true, 0, 0)
			s.advance(fn, bytes)
		})
	}
	if len(s.Accs) > 0 {
		s.reduce(fn, lay)
	}
	done, top := fn.Label("done"), fn.Label("tail")
	fn.I("CBZ %s, %s", count, done)
	fn.Place(top)
	step(false, 0, 0)
	s.advance(fn, s.In.Size)
	fn.I("SUBS $1, %s, %s", count, count)
	fn.I("BNE %s", top)
	fn.Place(done)
	s.storeResults(fn, lay)
}

// reduce merges every slot's accumulators into slot 0's and then each
// vector into its lane 0, the scalar the tail goes on with.
func (s *Stream) reduce(fn *Func, lay layout) {
	st := &Step{fn: fn, In: s.In, T: s.T, vector: true, lay: lay}
	for width := lay.slots / 2; width >= 1; width /= 2 {
		for slot := range width {
			for j, a := range s.Accs {
				st.merge(a.Merge, lay.acc(slot, j), lay.acc(slot+width, j), lay.acc(slot, j))
			}
		}
	}
	tmp := lay.tmp(0, 0)
	for j, a := range s.Accs {
		v := lay.acc(0, j)
		if s.T.Lanes() == 4 { // fold the high half onto the low one
			fn.I("VDUP V%d.D[1], V%d.D2", v, tmp)
			st.merge(a.Merge, v, tmp, v)
		}
		fn.W(a.Merge.pairwise()(s.T, v, v))
	}
}

func (s *Stream) strided(f *File) {
	fn := s.function(f, true)
	lay := s.layout(1)
	s.loadPointers(fn, true)
	s.loadScalars(fn, lay, false)
	s.initAccs(fn, lay, true)
	done := fn.Label("done")
	fn.I("CBZ %s, %s", count, done)
	strides := []string{stride0, stride1}
	for i, x := range s.Slices {
		inc, forward := strides[i], fn.Label("forward")
		fn.I("MOVD %s, %s", fn.Arg("inc"+strings.ToUpper(x)), inc)
		fn.I("LSL $%d, %s, %s", s.In.Shift(), inc, inc)
		fn.I("TBZ $63, %s, %s", inc, forward)
		// A negative increment starts at element (n-1)*|inc|.
		fn.I("SUB $1, %s, %s", count, scratch)
		fn.I("MSUB %s, %s, %s, %s", inc, pointer(i), scratch, pointer(i))
		fn.Place(forward)
	}
	top := fn.Label("loop")
	fn.Place(top)
	s.Body(&Step{fn: fn, In: s.In, T: s.T, lay: lay})
	for i := range s.Slices {
		fn.I("ADD %s, %s", strides[i], pointer(i))
	}
	fn.I("SUBS $1, %s, %s", count, count)
	fn.I("BNE %s", top)
	fn.Place(done)
	s.storeResults(fn, lay)
}
