package register_test

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"

	"github.com/simdla/simdla/blas"
	simdla "github.com/simdla/simdla/lapack"
	_ "github.com/simdla/simdla/lapack/register"
)

func TestImportRegistersBlas(t *testing.T) {
	if _, ok := blas64.Implementation().(blas.Implementation); !ok {
		t.Errorf("blas64 uses %T", blas64.Implementation())
	}
}

// lapack64 has no getter, so the test tells the implementations apart by
// their rounding: at this order gonum's Dlatrs takes its careful path, which
// solves by columns, and simdla's solves by rows.
func TestImportRegistersLapack(t *testing.T) {
	const n = 400
	r := rand.New(rand.NewPCG(1, 2))
	lu := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	for i := range lu.Data {
		lu.Data[i] = r.NormFloat64()
	}
	ipiv := make([]int, n)
	if !lapack64.Getrf(lu, ipiv) {
		t.Fatal("random matrix is singular")
	}
	condition := func(impl lapack.Float64) float64 {
		return impl.Dgecon(lapack.MaxColumnSum, n, lu.Data, n, 1, make([]float64, 4*n), make([]int, n))
	}
	ours, theirs := condition(simdla.Implementation{}), condition(gonum.Implementation{})
	if ours == theirs {
		t.Fatalf("simdla and gonum agree to the bit (%v): pick a matrix that tells them apart", ours)
	}
	if got := lapack64.Gecon(lapack.MaxColumnSum, lu, 1, make([]float64, 4*n), make([]int, n)); got != ours {
		t.Errorf("lapack64.Gecon = %v, want simdla's %v (gonum's is %v)", got, ours, theirs)
	}
}
