package level3

// Trsm overwrites B with X, where op(A)*X = alpha*B (left) or
// X*op(A) = alpha*B (right); B is m×n. With alpha == 0, B is set to zero
// and A is not read.
func (e Engine[T]) Trsm(left bool, t Tri[T], m, n int, alpha T, b []T, ldb int) {
	switch {
	case m == 0 || n == 0:
	case alpha == 0:
		e.scaleRows(m, n, 0, b, ldb)
	case left:
		e.inSlabs(Engine[T].trsmLeft, true, t, m, n, alpha, b, ldb)
	default:
		e.inSlabs(Engine[T].trsmRight, false, t, m, n, alpha, b, ldb)
	}
}

// trsmLeft solves op(A)*X = alpha*B for op(A) m×m: the half of X that
// depends on no other first, then GEMM removes it from the other half's
// right-hand side.
func (e Engine[T]) trsmLeft(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	if m <= triBase {
		e.solveRows(t, m, n, alpha, b, ldb)
		return
	}
	m1 := split(m)
	m2 := m - m1
	b1, b2 := b, b[m1*ldb:]
	if t.upper() {
		e.trsmLeft(t.from(m1), m2, n, alpha, b2, ldb)
		a12, tr := t.block(0, m1)
		e.gemm(tr, false, m1, n, m2, -1, a12, t.Lda, b2, ldb, alpha, b1, ldb)
		e.trsmLeft(t, m1, n, 1, b1, ldb)
		return
	}
	e.trsmLeft(t, m1, n, alpha, b1, ldb)
	a21, tr := t.block(m1, 0)
	e.gemm(tr, false, m2, n, m1, -1, a21, t.Lda, b1, ldb, alpha, b2, ldb)
	e.trsmLeft(t.from(m1), m2, n, 1, b2, ldb)
}

// trsmRight solves X*op(A) = alpha*B for op(A) n×n, splitting the columns.
func (e Engine[T]) trsmRight(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	if n <= triBase {
		e.byColumns(e.solveRows, t, m, n, alpha, b, ldb)
		return
	}
	n1 := split(n)
	n2 := n - n1
	b1, b2 := b, b[n1:]
	if t.upper() {
		e.trsmRight(t, m, n1, alpha, b1, ldb)
		a12, tr := t.block(0, n1)
		e.gemm(false, tr, m, n2, n1, -1, b1, ldb, a12, t.Lda, alpha, b2, ldb)
		e.trsmRight(t.from(n1), m, n2, 1, b2, ldb)
		return
	}
	e.trsmRight(t.from(n1), m, n2, alpha, b2, ldb)
	a21, tr := t.block(n1, 0)
	e.gemm(false, tr, m, n1, n2, -1, b2, ldb, a21, t.Lda, alpha, b1, ldb)
	e.trsmRight(t, m, n1, 1, b1, ldb)
}
