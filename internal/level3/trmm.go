package level3

// Trmm overwrites B with alpha*op(A)*B (left) or alpha*B*op(A) (right); B
// is m×n. With alpha == 0, B is set to zero and A is not read.
func (e Engine[T]) Trmm(left bool, t Tri[T], m, n int, alpha T, b []T, ldb int) {
	switch {
	case m == 0 || n == 0:
	case alpha == 0:
		e.scaleRows(m, n, 0, b, ldb)
	case left:
		e.inSlabs(Engine[T].trmmLeft, true, t, m, n, alpha, b, ldb)
	default:
		e.inSlabs(Engine[T].trmmRight, false, t, m, n, alpha, b, ldb)
	}
}

// trmmLeft multiplies by op(A) m×m from the left: each half of B is
// multiplied by its diagonal block, and GEMM adds the off-diagonal block
// times the other half while that half is still unchanged.
func (e Engine[T]) trmmLeft(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	if m <= triBase {
		e.multiplyRows(t, m, n, alpha, b, ldb)
		return
	}
	m1 := split(m)
	m2 := m - m1
	b1, b2 := b, b[m1*ldb:]
	if t.upper() {
		e.trmmLeft(t, m1, n, alpha, b1, ldb)
		a12, tr := t.block(0, m1)
		e.gemm(tr, false, m1, n, m2, alpha, a12, t.Lda, b2, ldb, 1, b1, ldb)
		e.trmmLeft(t.from(m1), m2, n, alpha, b2, ldb)
		return
	}
	e.trmmLeft(t.from(m1), m2, n, alpha, b2, ldb)
	a21, tr := t.block(m1, 0)
	e.gemm(tr, false, m2, n, m1, alpha, a21, t.Lda, b1, ldb, 1, b2, ldb)
	e.trmmLeft(t, m1, n, alpha, b1, ldb)
}

// trmmRight multiplies by op(A) n×n from the right, splitting the columns.
func (e Engine[T]) trmmRight(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	if n <= triBase {
		e.byColumns(e.multiplyRows, t, m, n, alpha, b, ldb)
		return
	}
	n1 := split(n)
	n2 := n - n1
	b1, b2 := b, b[n1:]
	if t.upper() {
		e.trmmRight(t.from(n1), m, n2, alpha, b2, ldb)
		a12, tr := t.block(0, n1)
		e.gemm(false, tr, m, n2, n1, alpha, b1, ldb, a12, t.Lda, 1, b2, ldb)
		e.trmmRight(t, m, n1, alpha, b1, ldb)
		return
	}
	e.trmmRight(t, m, n1, alpha, b1, ldb)
	a21, tr := t.block(n1, 0)
	e.gemm(false, tr, m, n1, n2, alpha, b2, ldb, a21, t.Lda, 1, b1, ldb)
	e.trmmRight(t.from(n1), m, n2, alpha, b2, ldb)
}
