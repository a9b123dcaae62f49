// Package amd64 holds simdla's avo generators for x86-64: one file per kernel
// family, each parametrized by ISA (this file) and element type (elem.go).
package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

// ISA describes one x86-64 vector instruction set the generators target.
type ISA struct {
	Name     string // lower-case name used in file names and reports: "avx2"
	Suffix   string // suffix of generated function names: "AVX2"
	Width    int    // vector width in bytes
	Regs     int    // number of vector registers the kernels may use
	Masked   bool   // tails run as one opmask-predicated block instead of a scalar loop
	Strided  bool   // this ISA's files carry the scalar strided kernels shared by every ISA
	Requires string // features the kernels need, for documentation
	// Borrows is the ISA whose kernels fill the table entries this one
	// has none of.
	Borrows *ISA
	// Gemm is the GEMM tile and blocks of each element type. The tiles are
	// those of BLIS's Haswell and Skylake-X kernels, turned to C's
	// row-major layout: rows of C are vectors, A is broadcast, B is loaded.
	Gemm map[Elem]table.Gemm
}

var (
	// AVX2 is AVX2 with FMA3: 256-bit vectors, 16 registers. Its files also
	// carry the strided kernels, which use only VEX scalar instructions and so
	// run on every CPU that has AVX2 and FMA.
	AVX2 = ISA{Name: "avx2", Suffix: "AVX2", Width: 32, Regs: 16, Strided: true, Requires: "AVX2, FMA",
		Gemm: map[Elem]table.Gemm{
			F32: {MR: 6, NR: 16, MC: 168, KC: 256, NC: 4080},
			F64: {MR: 6, NR: 8, MC: 72, KC: 256, NC: 4080},
		}}
	// AVX512 is AVX-512 F/DQ/BW/VL (x86-64-v4): 512-bit vectors, 32 registers
	// and opmask tails. It borrows AVX2's scalar strided loops and
	// transpose, which gain nothing from wider vectors.
	AVX512 = ISA{Name: "avx512", Suffix: "AVX512", Width: 64, Regs: 32, Masked: true, Requires: "AVX512F, AVX512DQ, AVX512BW, AVX512VL, BMI2",
		Borrows: &AVX2,
		// Blocks measured on an AMD EPYC Zen 5 (kernels/README.md): KC =
		// 512 and MC = 84 ran n = 1024 4-8 % faster than 384 and 168 and
		// n = 256 alike; B's panel then streams from L2, not L1.
		Gemm: map[Elem]table.Gemm{
			F32: {MR: 14, NR: 32, MC: 84, KC: 512, NC: 4096},
			F64: {MR: 14, NR: 16, MC: 84, KC: 512, NC: 4080},
		}}
)

// ISAs lists every ISA the generators write kernels for.
var ISAs = []ISA{AVX2, AVX512}

// Lanes returns how many elements of size bytes fill one vector.
func (isa ISA) Lanes(size int) int { return isa.Width / size }

// Vec returns vector register i at this ISA's full width.
func (isa ISA) Vec(i int) reg.VecPhysical {
	if i < 0 || i >= isa.Regs {
		panic(fmt.Sprintf("gen: %s has no vector register %d", isa.Name, i))
	}
	switch isa.Width {
	case 32:
		return ymm[i]
	case 64:
		return zmm[i]
	}
	panic("gen: unsupported vector width")
}

// X returns the 128-bit view of vector register i, whose low lane the scalar
// instructions use.
func X(i int) reg.VecPhysical { return xmm[i] }

var (
	xmm = [...]reg.VecPhysical{
		reg.X0, reg.X1, reg.X2, reg.X3, reg.X4, reg.X5, reg.X6, reg.X7,
		reg.X8, reg.X9, reg.X10, reg.X11, reg.X12, reg.X13, reg.X14, reg.X15,
		reg.X16, reg.X17, reg.X18, reg.X19, reg.X20, reg.X21, reg.X22, reg.X23,
		reg.X24, reg.X25, reg.X26, reg.X27, reg.X28, reg.X29, reg.X30, reg.X31,
	}
	ymm = [...]reg.VecPhysical{
		reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7,
		reg.Y8, reg.Y9, reg.Y10, reg.Y11, reg.Y12, reg.Y13, reg.Y14, reg.Y15,
	}
	zmm = [...]reg.VecPhysical{
		reg.Z0, reg.Z1, reg.Z2, reg.Z3, reg.Z4, reg.Z5, reg.Z6, reg.Z7,
		reg.Z8, reg.Z9, reg.Z10, reg.Z11, reg.Z12, reg.Z13, reg.Z14, reg.Z15,
		reg.Z16, reg.Z17, reg.Z18, reg.Z19, reg.Z20, reg.Z21, reg.Z22, reg.Z23,
		reg.Z24, reg.Z25, reg.Z26, reg.Z27, reg.Z28, reg.Z29, reg.Z30, reg.Z31,
	}
)
