package blas_test

import (
	"testing"

	"gonum.org/v1/gonum/blas/testblas"

	"github.com/simdla/simdla/blas"
)

var impl blas.Implementation

// gonum's conformance suite for Level 1, against the kernels dispatch chose
// (run the package under each SIMDLA_ISA to cover every ISA).
func TestLevel1Conformance(t *testing.T) {
	t.Run("Ddot", func(t *testing.T) { testblas.DdotTest(t, impl) })
	t.Run("Daxpy", func(t *testing.T) { testblas.DaxpyTest(t, impl) })
	t.Run("Dcopy", func(t *testing.T) { testblas.DcopyTest(t, impl) })
	t.Run("Dswap", func(t *testing.T) { testblas.DswapTest(t, impl) })
	t.Run("Dscal", func(t *testing.T) { testblas.DscalTest(t, impl) })
	t.Run("Dasum", func(t *testing.T) { testblas.DasumTest(t, impl) })
	t.Run("Dnrm2", func(t *testing.T) { testblas.Dnrm2Test(t, impl) })
	t.Run("Idamax", func(t *testing.T) { testblas.IdamaxTest(t, impl) })
	t.Run("Drot", func(t *testing.T) { testblas.DrotTest(t, impl) })
	t.Run("Drotm", func(t *testing.T) { testblas.DrotmTest(t, impl) })
	t.Run("Drotg", func(t *testing.T) { testblas.DrotgTest(t, impl, false) })
	t.Run("Drotmg", func(t *testing.T) { testblas.DrotmgTest(t, impl) })
}
