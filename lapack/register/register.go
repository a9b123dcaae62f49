// Package register makes simdla the BLAS and the LAPACK of gonum's mat and
// stat when imported for its side effects:
//
//	import _ "github.com/simdla/simdla/lapack/register"
//
// It imports github.com/simdla/simdla/blas/register, which calls blas64.Use
// and blas32.Use with blas.Implementation{}, and calls lapack64.Use with
// lapack.Implementation{} at initialization.
package register

import (
	"gonum.org/v1/gonum/lapack/lapack64"

	_ "github.com/simdla/simdla/blas/register"
	"github.com/simdla/simdla/lapack"
)

func init() {
	lapack64.Use(lapack.Implementation{})
}
