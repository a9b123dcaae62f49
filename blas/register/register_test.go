package register_test

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/simdla/simdla/blas"
	_ "github.com/simdla/simdla/blas/register"
)

func TestImportRegistersBoth(t *testing.T) {
	if _, ok := blas64.Implementation().(blas.Implementation); !ok {
		t.Errorf("blas64 uses %T", blas64.Implementation())
	}
	if _, ok := blas32.Implementation().(blas.Implementation); !ok {
		t.Errorf("blas32 uses %T", blas32.Implementation())
	}
	// gonum's mat now runs on simdla: a product through it is right.
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	var c mat.Dense
	c.Mul(a, a)
	if want := mat.NewDense(2, 2, []float64{7, 10, 15, 22}); !mat.Equal(&c, want) {
		t.Errorf("A*A = %v, want %v", mat.Formatted(&c), mat.Formatted(want))
	}
}
