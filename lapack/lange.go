package lapack

import (
	"math"

	"gonum.org/v1/gonum/lapack"

	"github.com/simdla/simdla/dispatch"
)

// Dlange returns a norm of the m×n matrix A, as gonum's Dlange does. The
// 1-norm (MaxColumnSum), which mat takes of every matrix it factors for its
// condition number, sums the columns' magnitudes row by row with the
// AddAbs kernel: gonum's sums, in gonum's order, at the speed of memory.
// The other norms are gonum's.
func (impl Implementation) Dlange(norm lapack.MatrixNorm, m, n int, a []float64, lda int, work []float64) float64 {
	if norm != lapack.MaxColumnSum || m <= 0 || n <= 0 || lda < n || len(a) < (m-1)*lda+n || len(work) < n {
		// gonum's routine: another norm, an empty matrix, or a panic with
		// its message for the bad argument.
		return impl.Implementation.Dlange(norm, m, n, a, lda, work)
	}
	sums := work[:n]
	clear(sums)
	addAbs := dispatch.F64().AddAbs
	for i := range m {
		addAbs(a[i*lda:i*lda+n], sums)
	}
	var value float64
	for _, s := range sums {
		value = math.Max(value, s)
	}
	return value
}
