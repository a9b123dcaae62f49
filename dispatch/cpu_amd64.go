package dispatch

import (
	"golang.org/x/sys/cpu"

	"github.com/simdla/simdla/kernels"
)

// cpuHas reports whether the CPU, and the operating system's saving of the
// vector registers, support isa. golang.org/x/sys/cpu checks both.
func cpuHas(isa kernels.ISA) bool {
	x := cpu.X86
	switch isa {
	case kernels.Generic:
		return true
	case kernels.AVX2:
		return x.HasAVX2 && x.HasFMA
	case kernels.AVX512:
		return x.HasAVX2 && x.HasFMA && x.HasBMI2 &&
			x.HasAVX512F && x.HasAVX512DQ && x.HasAVX512BW && x.HasAVX512VL
	}
	return false
}

// Features lists the CPU features dispatch looks at, with whether each is
// present.
func Features() []Feature {
	x := cpu.X86
	return []Feature{
		{"sse4.2", x.HasSSE42}, {"avx", x.HasAVX}, {"avx2", x.HasAVX2}, {"fma", x.HasFMA},
		{"bmi2", x.HasBMI2}, {"avx512f", x.HasAVX512F}, {"avx512dq", x.HasAVX512DQ},
		{"avx512bw", x.HasAVX512BW}, {"avx512vl", x.HasAVX512VL},
	}
}
