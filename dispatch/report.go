package dispatch

import "github.com/simdla/simdla/kernels"

// Feature is a CPU feature and whether this CPU has it.
type Feature struct {
	Name    string
	Present bool
}

// Kernels reports, for every kernel in use, the ISA of its code, as the
// table records it. A table may borrow a lower level's kernel (AVX-512
// runs AVX2's strided loops), so this can differ from ISA().
func Kernels() []kernels.Entry { return active.Entries() }
