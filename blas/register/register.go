// Package register makes simdla the BLAS of gonum's mat, lapack and stat
// when imported for its side effects:
//
//	import _ "github.com/simdla/simdla/blas/register"
//
// It calls blas64.Use and blas32.Use with blas.Implementation{} at
// initialization.
package register

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/simdla/simdla/blas"
)

func init() {
	blas64.Use(blas.Implementation{})
	blas32.Use(blas.Implementation{})
}
