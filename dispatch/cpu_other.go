//go:build !amd64 && !arm64

package dispatch

import "github.com/simdla/simdla/kernels"

// cpuHas reports whether the CPU supports isa: here only generic code runs.
func cpuHas(isa kernels.ISA) bool { return isa == kernels.Generic }

// Features lists the CPU features dispatch looks at: none on this platform.
func Features() []Feature { return nil }
