package level3

import (
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Tri is op(A) for a triangular matrix A stored row-major: op(A) is A, or
// Aᵀ when Trans is set. Its size is given with each call.
type Tri[T kernels.Float] struct {
	A     []T
	Lda   int
	Upper bool // the triangle of A that is stored and read
	Trans bool
	Unit  bool // the diagonal is 1 and is not read
}

// upper reports whether op(A) is upper triangular.
func (t Tri[T]) upper() bool { return t.Upper != t.Trans }

// at returns op(A)(i, j).
func (t Tri[T]) at(i, j int) T {
	if t.Trans {
		i, j = j, i
	}
	return t.A[i*t.Lda+j]
}

// diag returns op(A)(i, i).
func (t Tri[T]) diag(i int) T {
	if t.Unit {
		return 1
	}
	return t.A[i*t.Lda+i]
}

// from returns op(A) from its diagonal element (o, o) on.
func (t Tri[T]) from(o int) Tri[T] {
	t.A = t.A[o*t.Lda+o:]
	return t
}

// block returns the block of op(A) at (r0, c0) as a GEMM operand: the
// slice it starts at and whether GEMM must transpose it.
func (t Tri[T]) block(r0, c0 int) (a []T, trans bool) {
	if t.Trans {
		return t.A[c0*t.Lda+r0:], true
	}
	return t.A[r0*t.Lda+c0:], false
}

// transposed returns op(A)ᵀ.
func (t Tri[T]) transposed() Tri[T] {
	t.Trans = !t.Trans
	return t
}

// rowsBeyond returns, for row i of an n×n op(A), the columns [j0, j1) of
// its off-diagonal part.
func (t Tri[T]) rowsBeyond(i, n int) (j0, j1 int) {
	if t.upper() {
		return i + 1, n
	}
	return 0, i
}

// order returns the q-th row to visit of n when rows are taken from the
// end of op(A) that depends on no other (for solving) or on the rows
// still unchanged (for multiplying): ascending if up is set.
func order(q, n int, up bool) int {
	if up {
		return q
	}
	return n - 1 - q
}

// combineRows adds to row i of b (length n) the rows j in [j0, j1) of b,
// each times coef(j), four at a time.
func (e Engine[T]) combineRows(b []T, ldb, n, i, j0, j1 int, coef func(j int) T) {
	row := b[i*ldb : i*ldb+n]
	for j := j0; j < j1; j += 4 {
		h := min(4, j1-j)
		var c [4]T
		for r := range h {
			c[r] = coef(j + r)
		}
		kernels.AxpyFew(e.Vec, h, c, row, b[j*ldb:], ldb)
	}
}

// solveRows overwrites the m×n matrix b with X, where op(A)*X = alpha*b
// and op(A) is m×m: row by row, each less the solved rows times op(A).
func (e Engine[T]) solveRows(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	for q := range m {
		i := order(q, m, !t.upper())
		row := b[i*ldb : i*ldb+n]
		if alpha != 1 {
			e.Vec.Scal(alpha, row)
		}
		j0, j1 := t.rowsBeyond(i, m)
		e.combineRows(b, ldb, n, i, j0, j1, func(j int) T { return -t.at(i, j) })
		if !t.Unit {
			e.Vec.Scal(1/t.diag(i), row)
		}
	}
}

// multiplyRows overwrites the m×n matrix b with alpha*op(A)*b, where op(A)
// is m×m: each row combines rows that are still unchanged.
func (e Engine[T]) multiplyRows(t Tri[T], m, n int, alpha T, b []T, ldb int) {
	for q := range m {
		i := order(q, m, t.upper())
		e.Vec.Scal(alpha*t.diag(i), b[i*ldb:i*ldb+n])
		j0, j1 := t.rowsBeyond(i, m)
		e.combineRows(b, ldb, n, i, j0, j1, func(j int) T { return alpha * t.at(i, j) })
	}
}

// rowChunk is how many rows of B one transposed slab of the right-side
// base case holds.
const rowChunk = 1024

// byColumns applies a row-wise base case to the columns of the m×n matrix
// b, n <= triBase: a slab of rows at a time is transposed into a scratch
// buffer, so that b's columns become contiguous rows, and back.
// op(A)ᵀ acts on the transposed slab as op(A) acts on b from the right.
func (e Engine[T]) byColumns(base func(t Tri[T], m, n int, alpha T, b []T, ldb int), t Tri[T], m, n int, alpha T, b []T, ldb int) {
	buf := pool.Scratch[T](n * min(m, rowChunk))
	defer pool.Release(buf)
	w := *buf
	for r0 := 0; r0 < m; r0 += rowChunk {
		rows := min(rowChunk, m-r0)
		slab := b[r0*ldb:]
		e.Vec.Transpose(rows, n, &slab[0], ldb, &w[0], rows)
		base(t.transposed(), n, rows, alpha, w, rows)
		e.Vec.Transpose(n, rows, &w[0], rows, &slab[0], ldb)
	}
}
