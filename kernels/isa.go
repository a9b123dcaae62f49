package kernels

import "fmt"

// ISA names an instruction-set level that has its own table of kernels.
type ISA uint8

const (
	Generic ISA = iota // pure Go, every platform
	AVX2               // x86-64 with AVX2 and FMA
	AVX512             // x86-64 with AVX-512 F, DQ, BW and VL, and BMI2
	NEON               // arm64 Advanced SIMD
)

var isaNames = [...]string{Generic: "generic", AVX2: "avx2", AVX512: "avx512", NEON: "neon"}

// ISAs lists every ISA level, in order of preference on its platform:
// later is better.
var ISAs = []ISA{Generic, NEON, AVX2, AVX512}

func (isa ISA) String() string {
	if int(isa) < len(isaNames) {
		return isaNames[isa]
	}
	return fmt.Sprintf("ISA(%d)", uint8(isa))
}

// ParseISA returns the ISA named s ("generic", "avx2", "avx512", "neon").
func ParseISA(s string) (ISA, error) {
	for i, name := range isaNames {
		if name == s {
			return ISA(i), nil
		}
	}
	return 0, fmt.Errorf("kernels: unknown ISA %q (want generic, avx2, avx512 or neon)", s)
}

// Set is the table of every kernel for one ISA. The generated tables
// (table_amd64.go, table_arm64.go) are written by gen/, which registers
// each kernel as it writes it.
type Set struct {
	ISA ISA
	F32 Float32
	F64 Float64
	// origins holds the ISA of each entry whose code is another ISA's,
	// keyed as Origin's entry.
	origins map[string]ISA
}

// Origin returns the ISA whose code an entry of the table runs: the
// table's own, or the one it borrows the entry from (AVX-512 runs AVX2's
// scalar strided loops). entry is the field's path below the Set, such as
// "F32.DotInc" or "F64.Gemm.FullWidth[14]".
func (s *Set) Origin(entry string) ISA {
	if isa, ok := s.origins[entry]; ok {
		return isa
	}
	return s.ISA
}

// For returns the table for isa, if this build has one. Whether the CPU can
// run it is package dispatch's question.
func For(isa ISA) (*Set, bool) {
	for _, s := range compiled {
		if s.ISA == isa {
			return s, true
		}
	}
	return nil, false
}
