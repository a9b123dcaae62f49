package level3

import "github.com/simdla/simdla/internal/pool"

// Syrk computes C = alpha*op(A)*op(A)ᵀ + beta*C on the upper or lower
// triangle of the n×n C, where op(A) is n×k: A, or Aᵀ when trans is set.
// With beta == 0, C is not read; with alpha == 0 or k == 0, A is not read.
func (e Engine[T]) Syrk(upper, trans bool, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	e.rankK(upper, trans, n, k, alpha, [2]term[T]{{a, lda, a, lda}}, 1, beta, c, ldc)
}

// Syr2k computes C = alpha*op(A)*op(B)ᵀ + alpha*op(B)*op(A)ᵀ + beta*C on
// the upper or lower triangle of the n×n C, where op(A) and op(B) are n×k.
func (e Engine[T]) Syr2k(upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	e.rankK(upper, trans, n, k, alpha, [2]term[T]{{a, lda, b, ldb}, {b, ldb, a, lda}}, 2, beta, c, ldc)
}

// term is one product op(X)*op(Y)ᵀ of a rank-k update.
type term[T any] struct {
	x   []T
	ldx int
	y   []T
	ldy int
}

// rows returns the term with op(X) and op(Y) from row r on.
func (p term[T]) rows(r int, trans bool) term[T] {
	if trans { // op(X) = Xᵀ: its row r is column r of X
		return term[T]{p.x[r:], p.ldx, p.y[r:], p.ldy}
	}
	return term[T]{p.x[r*p.ldx:], p.ldx, p.y[r*p.ldy:], p.ldy}
}

// rankK computes C = alpha*sum of terms + beta*C on one triangle of C:
// the diagonal blocks recursively, the block off the diagonal with GEMM.
func (e Engine[T]) rankK(upper, trans bool, n, k int, alpha T, terms [2]term[T], count int, beta T, c []T, ldc int) {
	if n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		e.scaleTriangle(upper, n, beta, c, ldc)
		return
	}
	if n <= squareBase {
		e.rankKBase(upper, trans, n, k, alpha, terms, count, beta, c, ldc)
		return
	}
	n1 := split(n)
	n2 := n - n1
	var second [2]term[T]
	for i := range count {
		second[i] = terms[i].rows(n1, trans)
	}
	e.rankK(upper, trans, n1, k, alpha, terms, count, beta, c, ldc)
	e.rankK(upper, trans, n2, k, alpha, second, count, beta, c[n1*ldc+n1:], ldc)
	// The block off the diagonal: C12 = alpha*X1*Y2ᵀ (upper) or
	// C21 = alpha*X2*Y1ᵀ (lower), for each term.
	rows, cols, off, top, bottom := n1, n2, c[n1:], terms, second
	if !upper {
		rows, cols, off, top, bottom = n2, n1, c[n1*ldc:], second, terms
	}
	b := beta
	for i := range count {
		x, y := top[i], bottom[i]
		e.gemm(trans, !trans, rows, cols, k, alpha, x.x, x.ldx, y.y, y.ldy, b, off, ldc)
		b = 1
	}
}

// rankKBase forms the whole n×n product in a scratch buffer with GEMM and
// adds its triangle to C's.
func (e Engine[T]) rankKBase(upper, trans bool, n, k int, alpha T, terms [2]term[T], count int, beta T, c []T, ldc int) {
	buf := pool.Scratch[T](n * n)
	defer pool.Release(buf)
	w := *buf
	var b T
	for i := range count {
		p := terms[i]
		e.gemm(trans, !trans, n, n, k, alpha, p.x, p.ldx, p.y, p.ldy, b, w, n)
		b = 1
	}
	for i := range n {
		j0, j1 := triangleRow(upper, i, n)
		row, prod := c[i*ldc+j0:i*ldc+j1], w[i*n+j0:i*n+j1]
		if beta == 0 {
			copy(row, prod)
			continue
		}
		for j := range row {
			row[j] = beta*row[j] + prod[j]
		}
	}
}

// scaleTriangle sets one triangle of the n×n C to beta times itself,
// without reading it when beta == 0.
func (e Engine[T]) scaleTriangle(upper bool, n int, beta T, c []T, ldc int) {
	for i := range n {
		j0, j1 := triangleRow(upper, i, n)
		e.scaleRows(1, j1-j0, beta, c[i*ldc+j0:], ldc)
	}
}

// triangleRow returns the columns [j0, j1) of row i of an n×n triangle.
func triangleRow(upper bool, i, n int) (j0, j1 int) {
	if upper {
		return i, n
	}
	return 0, i + 1
}
