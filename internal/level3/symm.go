package level3

import "github.com/simdla/simdla/internal/pool"

// Symm computes C = alpha*A*B + beta*C (left) or C = alpha*B*A + beta*C
// (right), where A is symmetric, read from its upper or lower triangle,
// and C is m×n. With beta == 0, C is not read; with alpha == 0, neither A
// nor B is.
func (e Engine[T]) Symm(left, upper bool, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case m == 0 || n == 0:
	case alpha == 0:
		e.scaleRows(m, n, beta, c, ldc)
	case left:
		e.symmLeft(upper, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		e.symmRight(upper, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// sym is a symmetric matrix stored in one triangle.
type sym[T any] struct {
	a     []T
	lda   int
	upper bool
}

// offDiagonal returns, for a split after row and column n1, the blocks
// A12 and A21 as GEMM operands: each the stored block or the other one
// transposed.
func (s sym[T]) offDiagonal(n1 int) (a12 []T, t12 bool, a21 []T, t21 bool) {
	right, below := s.a[n1:], s.a[n1*s.lda:]
	if s.upper {
		return right, false, right, true
	}
	return below, true, below, false
}

// full writes the whole n×n matrix to w, row-major at stride n.
func (s sym[T]) full(n int, w []T) {
	for i := range n {
		for j := range n {
			r, c := i, j
			if (j > i) != s.upper {
				r, c = j, i
			}
			w[i*n+j] = s.a[r*s.lda+c]
		}
	}
}

// symmLeft computes C = alpha*A*B + beta*C for A m×m: each half of C gets
// its diagonal block of A times its half of B, recursively, and GEMM adds
// the off-diagonal block times the other half.
func (e Engine[T]) symmLeft(upper bool, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	s := sym[T]{a, lda, upper}
	if m <= squareBase {
		buf := pool.Scratch[T](m * m)
		defer pool.Release(buf)
		s.full(m, *buf)
		e.gemm(false, false, m, n, m, alpha, *buf, m, b, ldb, beta, c, ldc)
		return
	}
	m1 := split(m)
	m2 := m - m1
	a12, t12, a21, t21 := s.offDiagonal(m1)
	e.symmLeft(upper, m1, n, alpha, a, lda, b, ldb, beta, c, ldc)
	e.gemm(t12, false, m1, n, m2, alpha, a12, lda, b[m1*ldb:], ldb, 1, c, ldc)
	e.symmLeft(upper, m2, n, alpha, a[m1*lda+m1:], lda, b[m1*ldb:], ldb, beta, c[m1*ldc:], ldc)
	e.gemm(t21, false, m2, n, m1, alpha, a21, lda, b, ldb, 1, c[m1*ldc:], ldc)
}

// symmRight computes C = alpha*B*A + beta*C for A n×n, splitting columns.
func (e Engine[T]) symmRight(upper bool, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	s := sym[T]{a, lda, upper}
	if n <= squareBase {
		buf := pool.Scratch[T](n * n)
		defer pool.Release(buf)
		s.full(n, *buf)
		e.gemm(false, false, m, n, n, alpha, b, ldb, *buf, n, beta, c, ldc)
		return
	}
	n1 := split(n)
	n2 := n - n1
	a12, t12, a21, t21 := s.offDiagonal(n1)
	e.symmRight(upper, m, n1, alpha, a, lda, b, ldb, beta, c, ldc)
	e.gemm(false, t21, m, n1, n2, alpha, b[n1:], ldb, a21, lda, 1, c, ldc)
	e.symmRight(upper, m, n2, alpha, a[n1*lda+n1:], lda, b[n1:], ldb, beta, c[n1:], ldc)
	e.gemm(false, t12, m, n2, n1, alpha, b, ldb, a12, lda, 1, c[n1:], ldc)
}
