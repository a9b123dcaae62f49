package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/kernels"
)

// trmv and trsv, written once for both element types. The triangle is
// walked in blocks of four rows; what lies beside a block's diagonal block
// goes through DotRows (A not transposed) or AxpyRows (transposed), and
// the diagonal block itself is solved or multiplied in scalar code.

// checkTriangular checks the arguments trmv and trsv share, in gonum's
// order, and reports whether there is work to do.
func checkTriangular(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n, lenA, lda, lenX, incX int) bool {
	checkUplo(ul)
	isTrans(tA)
	if d != gblas.NonUnit && d != gblas.Unit {
		panic(badDiag)
	}
	checkDims(0, n, lda)
	if incX == 0 {
		panic(zeroIncX)
	}
	if n == 0 {
		return false
	}
	checkMatrix(n, n, lenA, lda, shortA)
	checkVec(n, lenX, incX, shortX)
	return true
}

// triangle is op(A) for a triangular A: the stored triangle and how to
// read it.
type triangle[T kernels.Float] struct {
	a            []T
	lda, n       int
	upper, trans bool // stored triangle; op(A) = Aᵀ
	nonUnit      bool
}

func newTriangle[T kernels.Float](ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []T, lda int) triangle[T] {
	return triangle[T]{a: a, lda: lda, n: n, upper: ul == gblas.Upper, trans: isTrans(tA), nonUnit: d == gblas.NonUnit}
}

// op returns op(A)(i, j), for i, j in op(A)'s triangle.
func (t *triangle[T]) op(i, j int) T {
	if t.trans {
		i, j = j, i
	}
	return t.a[i*t.lda+j]
}

// diag returns op(A)(i, i), 1 for a unit triangle.
func (t *triangle[T]) diag(i int) T {
	if t.nonUnit {
		return t.a[i*t.lda+i]
	}
	return 1
}

// beside returns the columns [j0, j1) of the stored triangle beside the
// diagonal block of rows [i, i+h).
func (t *triangle[T]) beside(i, h int) (j0, j1 int) {
	if t.upper {
		return i + h, t.n
	}
	return 0, i
}

// blocks calls f for the blocks of four rows (fewer in the last), in
// ascending or descending order.
func (t *triangle[T]) blocks(ascending bool, f func(i, h int)) {
	last := (t.n - 1) / 4 * 4
	for q := range last/4 + 1 {
		i := q * 4
		if !ascending {
			i = last - i
		}
		f(i, min(4, t.n-i))
	}
}

func trmv[T kernels.Float](k *kernels.Vec[T], ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []T, lda int, x []T, incX int) {
	if !checkTriangular(ul, tA, d, n, len(a), lda, len(x), incX) {
		return
	}
	xs := gather(k, n, x, incX, true)
	defer xs.release()
	t := newTriangle(ul, tA, d, n, a, lda)
	t.mulVec(k, xs.v)
	xs.scatter(k)
}

// mulVec sets x = op(A)*x. Blocks are taken in the order that leaves the
// elements each one reads unchanged until it has read them.
func (t *triangle[T]) mulVec(k *kernels.Vec[T], x []T) {
	effUpper := t.upper != t.trans
	t.blocks(effUpper, func(i, h int) {
		var o [4]T
		copy(o[:h], x[i:i+h])
		j0, j1 := t.beside(i, h)
		var d [4]T
		if j0 < j1 {
			if t.trans {
				kernels.AxpyFew(k, h, o, x[j0:j1], t.a[i*t.lda+j0:], t.lda)
			} else {
				d = kernels.DotFew(k, h, x[j0:j1], t.a[i*t.lda+j0:], t.lda)
			}
		}
		for r := range h {
			v := t.diag(i+r)*o[r] + d[r]
			for s := range h {
				if s != r && (s > r) == effUpper {
					v += t.op(i+r, i+s) * o[s]
				}
			}
			x[i+r] = v
		}
	})
}

func trsv[T kernels.Float](k *kernels.Vec[T], ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []T, lda int, x []T, incX int) {
	if !checkTriangular(ul, tA, d, n, len(a), lda, len(x), incX) {
		return
	}
	xs := gather(k, n, x, incX, true)
	defer xs.release()
	t := newTriangle(ul, tA, d, n, a, lda)
	t.solveVec(k, xs.v)
	xs.scatter(k)
}

// solveVec overwrites b with the solution x of op(A)*x = b, by substitution
// from the end of op(A)'s triangle that needs no other unknown.
func (t *triangle[T]) solveVec(k *kernels.Vec[T], x []T) {
	effUpper := t.upper != t.trans
	t.blocks(!effUpper, func(i, h int) {
		j0, j1 := t.beside(i, h)
		if j0 < j1 && !t.trans {
			d := kernels.DotFew(k, h, x[j0:j1], t.a[i*t.lda+j0:], t.lda)
			for r := range h {
				x[i+r] -= d[r]
			}
		}
		for q := range h {
			r := q
			if effUpper {
				r = h - 1 - q
			}
			v := x[i+r]
			for s := range h {
				if s != r && (s > r) == effUpper {
					v -= t.op(i+r, i+s) * x[i+s]
				}
			}
			x[i+r] = v / t.diag(i+r)
		}
		if j0 < j1 && t.trans {
			var c [4]T
			for r := range h {
				c[r] = -x[i+r]
			}
			kernels.AxpyFew(k, h, c, x[j0:j1], t.a[i*t.lda+j0:], t.lda)
		}
	})
}
