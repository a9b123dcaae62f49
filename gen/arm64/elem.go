package arm64

import "math"

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

// Lanes is the number of elements in a 128-bit vector.
func (t Elem) Lanes() int { return 16 / t.Size }

// Arr is the arrangement of a full vector of t: "S4" or "D2".
func (t Elem) Arr() string {
	if t.Size == 4 {
		return "S4"
	}
	return "D2"
}

// Suffix is the scalar instruction suffix: "S" (FADDS) or "D" (FADDD).
func (t Elem) Suffix() string {
	if t.Size == 4 {
		return "S"
	}
	return "D"
}

// Shift is log2(Size).
func (t Elem) Shift() int {
	if t.Size == 4 {
		return 2
	}
	return 3
}

// Bits returns the bit pattern of v in t.
func (t Elem) Bits(v float64) uint64 {
	if t.Size == 4 {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(v)
}

// sz is the instructions' size bit: 0 for single, 1 for double precision.
func (t Elem) sz() uint32 { return uint32(t.Shift() - 2) }
