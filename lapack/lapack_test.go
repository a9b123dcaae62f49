package lapack_test

import (
	"os"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/lapack"
)

// The overrides run on simdla's BLAS, as the register package sets up.
func TestMain(m *testing.M) {
	blas64.Use(blas.Implementation{})
	os.Exit(m.Run())
}

var impl = lapack.Implementation{}

// gonum's own test suites for the overridden routines.
func TestDlatrs(t *testing.T) { testlapack.DlatrsTest(t, impl) }
func TestDgecon(t *testing.T) { testlapack.DgeconTest(t, impl) }
func TestDpocon(t *testing.T) { testlapack.DpoconTest(t, impl) }
func TestDtrcon(t *testing.T) { testlapack.DtrconTest(t, impl) }
func TestDgetrf(t *testing.T) { testlapack.DgetrfTest(t, impl) }
