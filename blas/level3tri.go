package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/internal/level3"
	"github.com/simdla/simdla/kernels"
)

// The Level 3 routines besides GEMM, for both element types: argument
// checks in gonum's order, then internal/level3 on the GEMM engine.

func engine[T kernels.Float](v *kernels.Vec[T]) level3.Engine[T] {
	return level3.Engine[T]{Vec: v, Gemm: &v.Gemm}
}

// checkSide panics if s is neither Left nor Right, and reports whether it
// is Left.
func checkSide(s gblas.Side) bool {
	if s != gblas.Left && s != gblas.Right {
		panic(badSide)
	}
	return s == gblas.Left
}

// checkDiag panics if d is neither NonUnit nor Unit.
func checkDiag(d gblas.Diag) {
	if d != gblas.NonUnit && d != gblas.Unit {
		panic(badDiag)
	}
}

// checkSideDims checks m, n and the leading dimensions of A and of the
// m×n B, for A k×k on the given side, and returns k.
func checkSideDims(left bool, m, n, lda, ldb int) (k int) {
	checkMN(m, n)
	k = n
	if left {
		k = m
	}
	switch {
	case lda < max(1, k):
		panic(badLdA)
	case ldb < max(1, n):
		panic(badLdB)
	}
	return k
}

// checkMatrix panics with msg if s is too short for a rows×cols matrix at
// stride ld.
func checkMatrix(rows, cols, lenS, ld int, msg string) {
	if lenS < ld*(rows-1)+cols {
		panic(msg)
	}
}

// triangularB checks the arguments of trsm and trmm and returns op(A), or
// ok false when B is empty.
func triangularB[T kernels.Float](s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, a []T, lda int, b []T, ldb int) (left bool, t level3.Tri[T], ok bool) {
	left = checkSide(s)
	checkUplo(ul)
	trans := isTrans(tA)
	checkDiag(d)
	k := checkSideDims(left, m, n, lda, ldb)
	if m == 0 || n == 0 {
		return left, t, false
	}
	checkMatrix(k, k, len(a), lda, shortA)
	checkMatrix(m, n, len(b), ldb, shortB)
	return left, level3.Tri[T]{A: a, Lda: lda, Upper: ul == gblas.Upper, Trans: trans, Unit: d == gblas.Unit}, true
}

func trsm[T kernels.Float](v *kernels.Vec[T], s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	triangular(v, s, ul, tA, d, m, n, alpha, a, lda, b, ldb, level3.Engine[T].Trsm, (*triangle[T]).solveVec)
}

func trmm[T kernels.Float](v *kernels.Vec[T], s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	triangular(v, s, ul, tA, d, m, n, alpha, a, lda, b, ldb, level3.Engine[T].Trmm, (*triangle[T]).mulVec)
}

// triangular checks the arguments of trsm or trmm and runs it: whole, as
// the Level-3 routine onMatrix, or, when B is one vector, as the Level-2
// onVector.
func triangular[T kernels.Float](v *kernels.Vec[T], s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int,
	onMatrix func(e level3.Engine[T], left bool, t level3.Tri[T], m, n int, alpha T, b []T, ldb int),
	onVec func(t *triangle[T], k *kernels.Vec[T], x []T)) {
	left, t, ok := triangularB(s, ul, tA, d, m, n, a, lda, b, ldb)
	switch {
	case !ok:
	case alpha != 0 && (left && n == 1 || !left && m == 1):
		onVector(v, left, ul, tA, d, m, n, alpha, a, lda, b, ldb, onVec)
	default:
		onMatrix(engine(v), left, t, m, n, alpha, b, ldb)
	}
}

// onVector runs a trsm or trmm whose B is one vector (a column from the
// left, a row from the right) as the Level-2 routine op, trsv's solveVec or
// trmv's mulVec: X*op(A) = alpha*B is op(A)ᵀ*xᵀ = alpha*bᵀ.
func onVector[T kernels.Float](v *kernels.Vec[T], left bool, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int, op func(t *triangle[T], k *kernels.Vec[T], x []T)) {
	size, inc := m, ldb
	t := newTriangle(ul, tA, d, m, a, lda)
	if !left {
		size, inc = n, 1
		t = newTriangle(ul, tA, d, n, a, lda)
		t.trans = !t.trans
	}
	xs := gather(v, size, b, inc, true)
	defer xs.release()
	if alpha != 1 {
		v.Scal(alpha, xs.v)
	}
	op(&t, v, xs.v)
	xs.scatter(v)
}

func symm[T kernels.Float](v *kernels.Vec[T], s gblas.Side, ul gblas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	left := checkSide(s)
	checkUplo(ul)
	k := checkSideDims(left, m, n, lda, ldb)
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return
	}
	checkMatrix(k, k, len(a), lda, shortA)
	checkMatrix(m, n, len(b), ldb, shortB)
	checkMatrix(m, n, len(c), ldc, shortC)
	if alpha == 0 && beta == 1 {
		return
	}
	engine(v).Symm(left, ul == gblas.Upper, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
}

// checkRankK checks the arguments syrk and syr2k share (b is nil for
// syrk) and reports whether there is work to do.
func checkRankK[T kernels.Float](ul gblas.Uplo, tA gblas.Transpose, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, two bool) (trans, ok bool) {
	checkUplo(ul)
	trans = isTrans(tA)
	switch {
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	}
	rows, cols := n, k
	if trans {
		rows, cols = k, n
	}
	if lda < max(1, cols) {
		panic(badLdA)
	}
	if two && ldb < max(1, cols) {
		panic(badLdB)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if n == 0 {
		return trans, false
	}
	checkMatrix(rows, cols, len(a), lda, shortA)
	if two {
		checkMatrix(rows, cols, len(b), ldb, shortB)
	}
	checkMatrix(n, n, len(c), ldc, shortC)
	return trans, true
}

func syrk[T kernels.Float](v *kernels.Vec[T], ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	if trans, ok := checkRankK(ul, tA, n, k, a, lda, nil, 0, c, ldc, false); ok {
		engine(v).Syrk(ul == gblas.Upper, trans, n, k, alpha, a, lda, beta, c, ldc)
	}
}

func syr2k[T kernels.Float](v *kernels.Vec[T], ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if trans, ok := checkRankK(ul, tA, n, k, a, lda, b, ldb, c, ldc, true); ok {
		engine(v).Syr2k(ul == gblas.Upper, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}
