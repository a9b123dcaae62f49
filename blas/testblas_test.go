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

// gonum's conformance suite for Level 2, banded and packed forms included
// (those are gonum's own, reached through the embedded implementation).
func TestLevel2Conformance(t *testing.T) {
	t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
	t.Run("Dger", func(t *testing.T) { testblas.DgerTest(t, impl) })
	t.Run("Dsymv", func(t *testing.T) { testblas.DsymvTest(t, impl) })
	t.Run("Dsyr", func(t *testing.T) { testblas.DsyrTest(t, impl) })
	t.Run("Dsyr2", func(t *testing.T) { testblas.Dsyr2Test(t, impl) })
	t.Run("Dtrmv", func(t *testing.T) { testblas.DtrmvTest(t, impl) })
	t.Run("Dtrsv", func(t *testing.T) { testblas.DtrsvTest(t, impl) })
	t.Run("Dtxmv", func(t *testing.T) { testblas.DtxmvTest(t, impl) })
	t.Run("Dgbmv", func(t *testing.T) { testblas.DgbmvTest(t, impl) })
	t.Run("Dsbmv", func(t *testing.T) { testblas.DsbmvTest(t, impl) })
	t.Run("Dspmv", func(t *testing.T) { testblas.DspmvTest(t, impl) })
	t.Run("Dspr", func(t *testing.T) { testblas.DsprTest(t, impl) })
	t.Run("Dspr2", func(t *testing.T) { testblas.Dspr2Test(t, impl) })
	t.Run("Dtbmv", func(t *testing.T) { testblas.DtbmvTest(t, impl) })
	t.Run("Dtbsv", func(t *testing.T) { testblas.DtbsvTest(t, impl) })
	t.Run("Dtpmv", func(t *testing.T) { testblas.DtpmvTest(t, impl) })
	t.Run("Dtpsv", func(t *testing.T) { testblas.DtpsvTest(t, impl) })
}

// gonum's conformance suite for Level 3.
func TestLevel3Conformance(t *testing.T) {
	t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
	t.Run("Dsymm", func(t *testing.T) { testblas.DsymmTest(t, impl) })
	t.Run("Dsyrk", func(t *testing.T) { testblas.DsyrkTest(t, impl) })
	t.Run("Dsyr2k", func(t *testing.T) { testblas.Dsyr2kTest(t, impl) })
	t.Run("Dtrmm", func(t *testing.T) { testblas.DtrmmTest(t, impl) })
	t.Run("Dtrsm", func(t *testing.T) { testblas.DtrsmTest(t, impl) })
}
