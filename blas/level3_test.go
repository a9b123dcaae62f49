package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	gblas "gonum.org/v1/gonum/blas"
)

// Level 3 besides GEMM, in both element types, against gonum's float64
// routines on the same values: sizes on both sides of the recursion's
// base cases, every side, triangle, transpose and diagonal, padded leading
// dimensions with NaN in the gaps, C full of NaN where beta == 0 says it
// is not read, and the special alpha and beta.

// level3 holds the routines of one element type under test.
type level3[T float] struct {
	trsm, trmm func(gblas.Side, gblas.Uplo, gblas.Transpose, gblas.Diag, int, int, T, []T, int, []T, int)
	symm       func(gblas.Side, gblas.Uplo, int, int, T, []T, int, []T, int, T, []T, int)
	syrk       func(gblas.Uplo, gblas.Transpose, int, int, T, []T, int, T, []T, int)
	syr2k      func(gblas.Uplo, gblas.Transpose, int, int, T, []T, int, []T, int, T, []T, int)
	eps        float64
}

var (
	level3F32 = level3[float32]{impl.Strsm, impl.Strmm, impl.Ssymm, impl.Ssyrk, impl.Ssyr2k, 0x1p-24}
	level3F64 = level3[float64]{impl.Dtrsm, impl.Dtrmm, impl.Dsymm, impl.Dsyrk, impl.Dsyr2k, 0x1p-53}
)

var (
	dims3    = []int{0, 1, 5, 32, 33, 70, 150}
	scalars3 = [][2]float64{{1, 0}, {-0.7, 1}, {0.5, 0.25}, {0, 0.5}, {0, 0}}
	sides    = []gblas.Side{gblas.Left, gblas.Right}
	uplos    = []gblas.Uplo{gblas.Upper, gblas.Lower}
	transes  = []gblas.Transpose{gblas.NoTrans, gblas.Trans}
	diags    = []gblas.Diag{gblas.NonUnit, gblas.Unit}
)

// fillNaN sets every element of o to NaN.
func fillNaN[T float](o operand[T]) operand[T] {
	for i := range o.t {
		o.t[i] = T(math.NaN())
	}
	return o.widen()
}

// unread zeroes, in the reference's copy of C, the elements that beta == 0
// says are not read: gonum's Dsyrk and Dsyr2k multiply them by beta, so
// NaN there would spread in the reference. tri restricts them to the ul
// triangle of a square C.
func unread[T float](c operand[T], rows, cols, ld int, tri bool, ul gblas.Uplo) {
	for i := range rows {
		j0, j1 := 0, cols
		if tri && ul == gblas.Upper {
			j0 = i
		} else if tri {
			j1 = i + 1
		}
		clear(c.d[i*ld+j0 : i*ld+j1])
	}
}

// conditioned scales the off-diagonal elements of the n×n A by 1/n and
// makes the diagonal ±1, NaN if it is unit and must not be read.
func conditioned[T float](a operand[T], n, lda int, d gblas.Diag) operand[T] {
	for i := range n {
		for j := range n {
			a.t[i*lda+j] /= T(n)
		}
		a.t[i*lda+i] = T(math.Copysign(1, float64(a.t[i*lda+i])))
		if d == gblas.Unit {
			a.t[i*lda+i] = T(math.NaN())
		}
	}
	return a.widen()
}

func TestLevel3(t *testing.T) {
	t.Run("float32", func(t *testing.T) { level3Cases(t, level3F32) })
	t.Run("float64", func(t *testing.T) { level3Cases(t, level3F64) })
}

func level3Cases[T float](t *testing.T, f level3[T]) {
	r := rand.New(rand.NewPCG(31, 32))
	q := 0
	next := func() (alpha, beta float64) {
		q++
		ab := scalars3[q%len(scalars3)]
		return ab[0], ab[1]
	}
	for _, m := range dims3 {
		for _, n := range dims3 {
			ldb := n + 1 + q%3
			for _, s := range sides {
				k := m
				if s == gblas.Right {
					k = n
				}
				lda := k + 2
				tol := 8 * float64(k+4) * f.eps * float64(k+2)
				for _, ul := range uplos {
					for _, tA := range transes {
						for _, d := range diags {
							alpha, _ := next()
							where := fmt.Sprintf("%v %v %v %v m=%d n=%d alpha=%v", s, ul, tA, d, m, n, alpha)
							a := conditioned(randomMatrix[T](r, k, k, lda), k, lda, d)
							b := randomMatrix[T](r, m, n, ldb)
							b2 := b.clone()
							f.trsm(s, ul, tA, d, m, n, T(alpha), a.t, lda, b.t, ldb)
							ref.Dtrsm(s, ul, tA, d, m, n, alpha, a.d, lda, b.d, ldb)
							b.check(t, "trsm "+where+": b", tol)
							f.trmm(s, ul, tA, d, m, n, T(alpha), a.t, lda, b2.t, ldb)
							ref.Dtrmm(s, ul, tA, d, m, n, alpha, a.d, lda, b2.d, ldb)
							b2.check(t, "trmm "+where+": b", tol)
						}
					}
					alpha, beta := next()
					where := fmt.Sprintf("%v %v m=%d n=%d alpha=%v beta=%v", s, ul, m, n, alpha, beta)
					a, b := randomMatrix[T](r, k, k, lda), randomMatrix[T](r, m, n, ldb)
					c := randomMatrix[T](r, m, n, ldb)
					if beta == 0 {
						c = fillNaN(c)
						unread(c, m, n, ldb, false, ul)
					}
					f.symm(s, ul, m, n, T(alpha), a.t, lda, b.t, ldb, T(beta), c.t, ldb)
					ref.Dsymm(s, ul, m, n, alpha, a.d, lda, b.d, ldb, beta, c.d, ldb)
					c.check(t, "symm "+where+": c", tol)
				}
			}
			// Rank-k updates of an m×m C with inner size n.
			for _, ul := range uplos {
				for _, tA := range transes {
					alpha, beta := next()
					where := fmt.Sprintf("%v %v n=%d k=%d alpha=%v beta=%v", ul, tA, m, n, alpha, beta)
					rows, cols := m, n
					if tA == gblas.Trans {
						rows, cols = n, m
					}
					lda := cols + 1
					a, b := randomMatrix[T](r, rows, cols, lda), randomMatrix[T](r, rows, cols, lda)
					c := randomMatrix[T](r, m, m, m+1)
					if beta == 0 {
						c = fillNaN(c)
						unread(c, m, m, m+1, true, ul)
					}
					c2 := c.clone()
					tol := 8 * float64(n+4) * f.eps * float64(n+2)
					f.syrk(ul, tA, m, n, T(alpha), a.t, lda, T(beta), c.t, m+1)
					ref.Dsyrk(ul, tA, m, n, alpha, a.d, lda, beta, c.d, m+1)
					c.check(t, "syrk "+where+": c", tol)
					f.syr2k(ul, tA, m, n, T(alpha), a.t, lda, b.t, lda, T(beta), c2.t, m+1)
					ref.Dsyr2k(ul, tA, m, n, alpha, a.d, lda, b.d, lda, beta, c2.d, m+1)
					c2.check(t, "syr2k "+where+": c", 2*tol)
				}
			}
		}
	}
}
