package dispatch

import (
	"golang.org/x/sys/cpu"

	"github.com/simdla/simdla/kernels"
)

// cpuHas reports whether the CPU supports isa.
func cpuHas(isa kernels.ISA) bool {
	switch isa {
	case kernels.Generic:
		return true
	case kernels.NEON:
		return cpu.ARM64.HasASIMD
	}
	return false
}

// Features lists the CPU features dispatch looks at, with whether each is
// present.
func Features() []Feature {
	return []Feature{{"asimd", cpu.ARM64.HasASIMD}, {"fp", cpu.ARM64.HasFP}}
}
