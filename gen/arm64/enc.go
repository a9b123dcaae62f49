package arm64

import "fmt"

// Inst is an instruction the Go assembler lacks: its encoding, and how go
// tool objdump prints it (Go syntax: sources first, destination last; some
// vector forms with a V prefix, as VFADDP).
type Inst struct {
	Word uint32
	Go   string
}

// Vector operations on full 128-bit vectors of t (Q = 1), named as in the
// Arm architecture reference; d, n and m are V register numbers.
func vec3(base uint32, name string) func(t Elem, d, n, m int) Inst {
	return func(t Elem, d, n, m int) Inst {
		return Inst{base | 1<<30 | t.sz()<<22 | uint32(m)<<16 | uint32(n)<<5 | uint32(d),
			fmt.Sprintf("%s V%d.%s, V%d.%s, V%d.%s", name, m, t.Arr(), n, t.Arr(), d, t.Arr())}
	}
}

func vec2(base uint32, name string) func(t Elem, d, n int) Inst {
	return func(t Elem, d, n int) Inst {
		return Inst{base | 1<<30 | t.sz()<<22 | uint32(n)<<5 | uint32(d),
			fmt.Sprintf("%s V%d.%s, V%d.%s", name, n, t.Arr(), d, t.Arr())}
	}
}

var (
	// FADD Vd = Vn + Vm.
	FADD = vec3(0x0e20d400, "FADD")
	// FSUB Vd = Vn - Vm.
	FSUB = vec3(0x0ea0d400, "FSUB")
	// FMUL Vd = Vn * Vm.
	FMUL = vec3(0x2e20dc00, "FMUL")
	// FDIV Vd = Vn / Vm.
	FDIV = vec3(0x2e20fc00, "FDIV")
	// FMAX Vd = max(Vn, Vm), NaN if either is NaN.
	FMAX = vec3(0x0e20f400, "FMAX")
	// FMIN Vd = min(Vn, Vm), NaN if either is NaN.
	FMIN = vec3(0x0ea0f400, "FMIN")
	// FMAXNM Vd = max(Vn, Vm), the number if one of them is NaN.
	FMAXNM = vec3(0x0e20c400, "FMAXNM")
	// FCMEQ sets every bit of Vd's lanes where Vn == Vm and clears the
	// others (where either is NaN).
	FCMEQ = vec3(0x0e20e400, "VFCMEQ")
	// FCMGT sets every bit of Vd's lanes where Vn > Vm and clears the
	// others (where either is NaN).
	FCMGT = vec3(0x2ea0e400, "VFCMGT")
	// FADDP Vd = pairwise sums of Vn's lanes, then Vm's.
	FADDP = vec3(0x2e20d400, "VFADDP")
	// FABS Vd = |Vn|.
	FABS = vec2(0x0ea0f800, "FABS")
	// FSQRT Vd = sqrt(Vn), IEEE's (correctly rounded).
	FSQRT = vec2(0x2ea1f800, "FSQRT")
)

// pairwise reduces the two lowest lanes of Vn into the scalar register d:
// the scalar forms of FADDP, FMAXP, FMINP and FMAXNMP (for float32 they
// read lanes 0 and 1 only).
func pairwise(base uint32, name string) func(t Elem, d, n int) Inst {
	return func(t Elem, d, n int) Inst {
		arr := "S2"
		if t.Size == 8 {
			arr = "D2"
		}
		return Inst{base | t.sz()<<22 | uint32(n)<<5 | uint32(d),
			fmt.Sprintf("%s V%d.%s, F%d", name, n, arr, d)}
	}
}

var (
	FADDPS   = pairwise(0x7e30d800, "FADDP")
	FMAXPS   = pairwise(0x7e30f800, "FMAXP")
	FMINPS   = pairwise(0x7eb0f800, "FMINP")
	FMAXNMPS = pairwise(0x7e30c800, "FMAXNMP")
)

// FCMGTZ sets every bit of Vd's lanes where Vn's lane is above zero, and
// clears those of the others (NaN included): FCMGT against #0.0. With
// vector false it is the scalar form, on the low lane of Vd and Vn.
func FCMGTZ(t Elem, d, n int, vector bool) Inst {
	if !vector {
		return Inst{0x5ea0c800 | t.sz()<<22 | uint32(n)<<5 | uint32(d),
			fmt.Sprintf("FCMGT $0, F%d, F%d", n, d)}
	}
	return Inst{0x0ea0c800 | 1<<30 | t.sz()<<22 | uint32(n)<<5 | uint32(d),
		fmt.Sprintf("VFCMGT $0, V%d.%s, V%d.%s", n, t.Arr(), d, t.Arr())}
}

// FCVTL widens the two float32 in the low half of Vn to float64 in Vd.
func FCVTL(d, n int) Inst {
	return Inst{0x0e617800 | uint32(n)<<5 | uint32(d), fmt.Sprintf("VFCVTL V%d.S2, V%d.D2", n, d)}
}

// FMLAELEM sets Vd += Vn * Vm[lane], every lane of Vd and Vn with the one
// lane of Vm (FMLA by element).
func FMLAELEM(t Elem, d, n, m, lane int) Inst {
	h, l := uint32(lane>>1), uint32(lane&1) // float32: index H:L
	if t.Size == 8 {
		h, l = uint32(lane), 0 // float64: index H
	}
	word := 0x0f801000 | 1<<30 | t.sz()<<22 | l<<21 | uint32(m)<<16 | h<<11 | uint32(n)<<5 | uint32(d)
	return Inst{word, fmt.Sprintf("VFMLA V%d.%s[%d], V%d.%s, V%d.%s", m, t.Suffix(), lane, n, t.Arr(), d, t.Arr())}
}
