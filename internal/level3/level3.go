// Package level3 computes the Level-3 BLAS routines other than GEMM on the
// GEMM engine: recursive blockings that split the triangular or symmetric
// dimension in two, so that all but an O(n·base) part of the work is
// gemm.Run, and small base cases on the Level-2 row kernels.
//
// Matrices are row-major. Callers check arguments; here every slice is
// assumed long enough for the dimensions given.
package level3

import (
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/kernels"
)

// Base-case sizes: at most triBase rows (or columns) of a triangular
// matrix are solved or multiplied without gemm; symmetric blocks up to
// squareBase are formed whole in a scratch buffer.
const (
	triBase    = 32
	squareBase = 64
)

// Engine runs the routines with one type's kernels.
type Engine[T kernels.Float] struct {
	Vec  *kernels.Vec[T]
	Gemm *kernels.Gemm[T]
	// Threads bounds the goroutines of each call; 0 means par.Threads().
	Threads int
}

// gemm computes C = alpha*op(A)*op(B) + beta*C for C m×n and inner size k.
func (e Engine[T]) gemm(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemm.Run(e.Gemm, gemm.Problem[T]{TransA: transA, TransB: transB, M: m, N: n, K: k,
		Alpha: alpha, A: a, Lda: lda, B: b, Ldb: ldb, Beta: beta, C: c, Ldc: ldc, Threads: e.Threads})
}

// split returns the size of the first half of n > base: half, rounded
// down to a multiple of 16 so that the blocks stay aligned to tiles.
func split(n int) int { return max(16, n/2/16*16) }

// scaleRows sets the m×n matrix c to beta*c, without reading it when
// beta == 0.
func (e Engine[T]) scaleRows(m, n int, beta T, c []T, ldc int) {
	for i := range m {
		kernels.ScaleBy(e.Vec, beta, c[i*ldc:i*ldc+n])
	}
}
