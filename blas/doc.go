// Package blas is a BLAS for gonum that runs on simdla's kernels.
//
// Implementation satisfies gonum's blas.Float64 and blas.Float32, so one
// line makes gonum's mat, lapack and stat use it:
//
//	blas64.Use(blas.Implementation{})
//	blas32.Use(blas.Implementation{})
//
// Every routine checks its arguments as gonum's native implementation does
// and panics with the same messages before any kernel touches memory.
// Semantics follow reference BLAS: negative increments walk a vector
// backwards, and with incX < 0 the one-vector routines (Xnrm2, Xasum,
// Ixamax, Xscal) do nothing and return 0 (Ixamax -1). Routines not yet
// accelerated are gonum's own, reached through the embedded
// gonum.Implementation.
//
// The kernels in use are those package dispatch picked for this CPU.
package blas

import (
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is simdla's BLAS. Its zero value is ready to use.
type Implementation struct {
	// gonum's native BLAS serves every routine not overridden here.
	gonum.Implementation
}

var (
	_ gblas.Float64 = Implementation{}
	_ gblas.Float32 = Implementation{}
)
