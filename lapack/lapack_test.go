package lapack_test

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	glapack "gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
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
func TestDlange(t *testing.T) { testlapack.DlangeTest(t, impl) }

// TestDlangeOneNormIsGonums checks that the 1-norm sums as gonum's does:
// bitwise equal, NaN and infinities included.
func TestDlangeOneNormIsGonums(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, dims := range [][3]int{{1, 1, 1}, {3, 5, 5}, {7, 33, 40}, {100, 17, 17}, {20, 300, 301}} {
		m, n, lda := dims[0], dims[1], dims[2]
		for _, special := range []float64{1, math.NaN(), math.Inf(-1)} {
			a := make([]float64, (m-1)*lda+n)
			for i := range a {
				a[i] = r.NormFloat64() * math.Exp(10*r.NormFloat64())
			}
			a[r.IntN(len(a))] = special
			got := impl.Dlange(glapack.MaxColumnSum, m, n, a, lda, make([]float64, n))
			want := gonum.Implementation{}.Dlange(glapack.MaxColumnSum, m, n, a, lda, make([]float64, n))
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("%dx%d lda %d with %v: %v, want gonum's %v", m, n, lda, special, got, want)
			}
		}
	}
}
func TestDsteqr(t *testing.T) { testlapack.DsteqrTest(t, impl) }
func TestDsyev(t *testing.T)  { testlapack.DsyevTest(t, impl) }
func TestDbdsqr(t *testing.T) { testlapack.DbdsqrTest(t, impl) }
func TestDgesvd(t *testing.T) { testlapack.DgesvdTest(t, impl, 1e-13) }
