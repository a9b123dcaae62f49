package blas_test

import (
	"testing"

	"gonum.org/v1/gonum/blas/testblas"
)

func TestDgemmConformance(t *testing.T) { testblas.TestDgemm(t, impl) }
