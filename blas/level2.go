package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/kernels"
)

// The general and symmetric Level 2 routines of both element types,
// written once over the kernels table of their type. A is row-major; the
// kernels walk four of its rows at a time, so that each element of x or y
// is loaded once per four rows.

// colBlock is how many columns of A one pass covers: the slice of x or y
// that goes with them stays in L1 while the rows stream past.
const colBlock = 2048

// checkVec panics with msg if x is too short for n elements at inc.
func checkVec(n, lenX, inc int, msg string) {
	if lenX < span(n, inc) {
		panic(msg)
	}
}

// checkIncs panics on a zero increment.
func checkIncs(incX, incY int) {
	if incX == 0 {
		panic(zeroIncX)
	}
	if incY == 0 {
		panic(zeroIncY)
	}
}

// checkDims panics, in gonum's order, on a negative m or n or on a leading
// dimension of A below max(1, n). The square routines pass m = 0.
func checkDims(m, n, lda int) {
	checkMN(m, n)
	if lda < max(1, n) {
		panic(badLdA)
	}
}

// checkMN panics on a negative m or n.
func checkMN(m, n int) {
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	}
}

// checkLengths panics, in the order gonum checks them for the routines
// that take x and y before A, if x is too short for lenX elements at incX,
// y for lenY at incY, or a for an m×n matrix at stride lda.
func checkLengths[T kernels.Float](lenX int, x []T, incX int, lenY int, y []T, incY int, m, n int, a []T, lda int) {
	checkVec(lenX, len(x), incX, shortX)
	checkVec(lenY, len(y), incY, shortY)
	checkMatrix(m, n, len(a), lda, shortA)
}

// checkUplo panics if ul is neither Upper nor Lower.
func checkUplo(ul gblas.Uplo) {
	if ul != gblas.Upper && ul != gblas.Lower {
		panic(badUplo)
	}
}

func gemv[T kernels.Float](k *kernels.Vec[T], tA gblas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
	trans := isTrans(tA)
	checkDims(m, n, lda)
	checkIncs(incX, incY)
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	if m == 0 || n == 0 {
		return
	}
	checkLengths(lenX, x, incX, lenY, y, incY, m, n, a, lda)
	if alpha == 0 && beta == 1 {
		return
	}
	ys := gather(k, lenY, y, incY, beta != 0)
	defer ys.release()
	if alpha == 0 {
		kernels.ScaleBy(k, beta, ys.v)
		ys.scatter(k)
		return
	}
	xs := gather(k, lenX, x, incX, true)
	defer xs.release()
	if trans {
		gemvT(k, m, n, alpha, a, lda, xs.v, beta, ys.v)
	} else {
		gemvN(k, m, n, alpha, a, lda, xs.v, beta, ys.v)
	}
	ys.scatter(k)
}

// gemvN sets y = alpha*A*x + beta*y for unit-stride x and y, a block of
// columns at a time.
func gemvN[T kernels.Float](k *kernels.Vec[T], m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	kernels.ScaleBy(k, beta, y)
	for j := 0; j < n; j += colBlock {
		xj := x[j:min(j+colBlock, n)]
		for i := 0; i < m; i += 4 {
			h := min(4, m-i)
			d := kernels.DotFew(k, h, xj, a[i*lda+j:], lda)
			for r := range h {
				y[i+r] += alpha * d[r]
			}
		}
	}
}

// gemvT sets y = alpha*Aᵀ*x + beta*y for unit-stride x and y, a block of
// columns at a time.
func gemvT[T kernels.Float](k *kernels.Vec[T], m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	kernels.ScaleBy(k, beta, y)
	for j := 0; j < n; j += colBlock {
		yj := y[j:min(j+colBlock, n)]
		for i := 0; i < m; i += 4 {
			h := min(4, m-i)
			var c [4]T
			for r := range h {
				c[r] = alpha * x[i+r]
			}
			kernels.AxpyFew(k, h, c, yj, a[i*lda+j:], lda)
		}
	}
}

func ger[T kernels.Float](k *kernels.Vec[T], m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) {
	checkDims(m, n, lda)
	checkIncs(incX, incY)
	if m == 0 || n == 0 {
		return
	}
	checkLengths(m, x, incX, n, y, incY, m, n, a, lda)
	if alpha == 0 {
		return
	}
	ys := gather(k, n, y, incY, true)
	defer ys.release()
	ix := first(m, incX)
	for i := range m {
		if c := alpha * x[ix+i*incX]; c != 0 {
			k.Axpy(c, ys.v, a[i*lda:i*lda+n])
		}
	}
}

// first returns the index of the element of a vector of n at increment inc
// that BLAS visits first.
func first(n, inc int) int {
	if inc < 0 {
		return (1 - n) * inc
	}
	return 0
}

func symv[T kernels.Float](k *kernels.Vec[T], ul gblas.Uplo, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
	checkUplo(ul)
	checkDims(0, n, lda)
	checkIncs(incX, incY)
	if n == 0 {
		return
	}
	checkMatrix(n, n, len(a), lda, shortA)
	checkVec(n, len(x), incX, shortX)
	checkVec(n, len(y), incY, shortY)
	if alpha == 0 && beta == 1 {
		return
	}
	ys := gather(k, n, y, incY, beta != 0)
	defer ys.release()
	kernels.ScaleBy(k, beta, ys.v)
	if alpha != 0 {
		xs := gather(k, n, x, incX, true)
		defer xs.release()
		symvUnit(k, ul == gblas.Upper, n, alpha, a, lda, xs.v, ys.v)
	}
	ys.scatter(k)
}

// symvUnit adds alpha*A*x to y, where A is symmetric and stored in its
// upper or lower triangle. Each block of four rows of the stored triangle,
// left or right of its diagonal block, is read once for its row products
// with x and its column contributions to y.
func symvUnit[T kernels.Float](k *kernels.Vec[T], upper bool, n int, alpha T, a []T, lda int, x, y []T) {
	for i := 0; i < n; i += 4 {
		h := min(4, n-i)
		var c [4]T
		for r := range h {
			c[r] = alpha * x[i+r]
		}
		// The off-diagonal part of the block's rows: columns [j0, j1).
		j0, j1 := i+h, n
		if !upper {
			j0, j1 = 0, i
		}
		if j0 < j1 {
			d := kernels.DotFew(k, h, x[j0:j1], a[i*lda+j0:], lda)
			for r := range h {
				y[i+r] += alpha * d[r]
			}
			kernels.AxpyFew(k, h, c, y[j0:j1], a[i*lda+j0:], lda)
		}
		// The diagonal block, from the stored triangle.
		for r := range h {
			for s := range h {
				aij := a[(i+r)*lda+i+s]
				if (s < r) == upper && s != r {
					aij = a[(i+s)*lda+i+r]
				}
				y[i+r] += c[s] * aij
			}
		}
	}
}

func syr[T kernels.Float](k *kernels.Vec[T], ul gblas.Uplo, n int, alpha T, x []T, incX int, a []T, lda int) {
	checkUplo(ul)
	checkDims(0, n, lda)
	if incX == 0 {
		panic(zeroIncX)
	}
	if n == 0 {
		return
	}
	checkLengths(n, x, incX, 0, nil, 1, n, n, a, lda)
	if alpha == 0 {
		return
	}
	xs := gather(k, n, x, incX, true)
	defer xs.release()
	for i, xi := range xs.v {
		j0, j1 := triangleRow(ul, i, n)
		if c := alpha * xi; c != 0 {
			k.Axpy(c, xs.v[j0:j1], a[i*lda+j0:i*lda+j1])
		}
	}
}

func syr2[T kernels.Float](k *kernels.Vec[T], ul gblas.Uplo, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) {
	checkUplo(ul)
	checkDims(0, n, lda)
	checkIncs(incX, incY)
	if n == 0 {
		return
	}
	checkLengths(n, x, incX, n, y, incY, n, n, a, lda)
	if alpha == 0 {
		return
	}
	xs := gather(k, n, x, incX, true)
	defer xs.release()
	ys := gather(k, n, y, incY, true)
	defer ys.release()
	for i := range n {
		j0, j1 := triangleRow(ul, i, n)
		row := a[i*lda+j0 : i*lda+j1]
		if c := alpha * xs.v[i]; c != 0 {
			k.Axpy(c, ys.v[j0:j1], row)
		}
		if c := alpha * ys.v[i]; c != 0 {
			k.Axpy(c, xs.v[j0:j1], row)
		}
	}
}

// triangleRow returns the columns [j0, j1) of row i of an n×n triangle.
func triangleRow(ul gblas.Uplo, i, n int) (j0, j1 int) {
	if ul == gblas.Upper {
		return i, n
	}
	return 0, i + 1
}
