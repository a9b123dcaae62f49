package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	gblas "gonum.org/v1/gonum/blas"
)

// Level 2 in both element types against gonum's float64 routines on the
// same values, over shapes that cross the four-row blocks and the column
// blocks of the kernels, padded leading dimensions and strided vectors
// whose gaps hold NaN (read, it would spread; written, it would vanish),
// and the special alpha and beta.

type float interface{ ~float32 | ~float64 }

// level2 holds the routines of one element type under test.
type level2[T float] struct {
	gemv func(gblas.Transpose, int, int, T, []T, int, []T, int, T, []T, int)
	ger  func(int, int, T, []T, int, []T, int, []T, int)
	symv func(gblas.Uplo, int, T, []T, int, []T, int, T, []T, int)
	syr  func(gblas.Uplo, int, T, []T, int, []T, int)
	syr2 func(gblas.Uplo, int, T, []T, int, []T, int, []T, int)
	trmv func(gblas.Uplo, gblas.Transpose, gblas.Diag, int, []T, int, []T, int)
	trsv func(gblas.Uplo, gblas.Transpose, gblas.Diag, int, []T, int, []T, int)
	eps  float64
}

var (
	level2F32 = level2[float32]{impl.Sgemv, impl.Sger, impl.Ssymv, impl.Ssyr, impl.Ssyr2, impl.Strmv, impl.Strsv, 0x1p-24}
	level2F64 = level2[float64]{impl.Dgemv, impl.Dger, impl.Dsymv, impl.Dsyr, impl.Dsyr2, impl.Dtrmv, impl.Dtrsv, 0x1p-53}
)

// operand is the same values as T, for the routine under test, and as
// float64, for the reference.
type operand[T float] struct {
	t []T
	d []float64
}

func (o operand[T]) clone() operand[T] {
	return operand[T]{append([]T(nil), o.t...), append([]float64(nil), o.d...)}
}

// randomMatrix returns a rows×cols matrix at stride ld whose gaps hold NaN.
func randomMatrix[T float](r *rand.Rand, rows, cols, ld int) operand[T] {
	o := operand[T]{make([]T, max(0, (rows-1)*ld+cols)), nil}
	for i := range o.t {
		o.t[i] = T(math.NaN())
		if i%ld < cols {
			o.t[i] = T(2*r.Float64() - 1)
		}
	}
	return o.widen()
}

// randomVector returns n elements at increment inc whose gaps hold NaN.
func randomVector[T float](r *rand.Rand, n, inc int) operand[T] {
	return randomMatrix[T](r, n, 1, abs(inc))
}

func (o operand[T]) widen() operand[T] {
	o.d = make([]float64, len(o.t))
	for i, v := range o.t {
		o.d[i] = float64(v)
	}
	return o
}

func abs(i int) int { return max(i, -i) }

// check fails t unless o.t is within tol of o.d, NaN where it is NaN.
func (o operand[T]) check(t *testing.T, what string, tol float64) {
	t.Helper()
	for i, want := range o.d {
		got := float64(o.t[i])
		if math.IsNaN(want) != math.IsNaN(got) || math.Abs(got-want) > tol {
			t.Fatalf("%s[%d] = %v, want %v (tol %g)", what, i, got, want, tol)
		}
	}
}

// refGer is Dger's definition. gonum's amd64 Dger mishandles negative
// increments (gonum/gonum#2105), so it cannot be the reference.
func refGer(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	at := func(i, n, inc int) int {
		if inc < 0 {
			return (i + 1 - n) * inc
		}
		return i * inc
	}
	for i := range m {
		for j := range n {
			a[i*lda+j] += alpha * x[at(i, m, incX)] * y[at(j, n, incY)]
		}
	}
}

var (
	dims2   = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 70}
	incs2   = []int{1, 2, -1, -3}
	scalars = [][2]float64{{1, 0}, {-0.5, 1}, {0, 0.75}, {0.3, -2}, {0, 1}}
)

func TestLevel2(t *testing.T) {
	t.Run("float32", func(t *testing.T) { level2Cases(t, level2F32) })
	t.Run("float64", func(t *testing.T) { level2Cases(t, level2F64) })
}

func level2Cases[T float](t *testing.T, f level2[T]) {
	r := rand.New(rand.NewPCG(21, 22))
	k := 0
	next := func() (incX, incY int, alpha, beta float64) {
		k++
		ab := scalars[k%len(scalars)]
		return incs2[k%len(incs2)], incs2[(k/len(incs2))%len(incs2)], ab[0], ab[1]
	}
	shapes := [][2]int{{9, 4100}, {4100, 6}}
	for _, m := range dims2 {
		for _, n := range dims2 {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	for _, s := range shapes {
		m, n := s[0], s[1]
		lda := n + k%3
		tol := 4 * float64(m+n+4) * f.eps * float64(m+n+2)
		for _, tA := range []gblas.Transpose{gblas.NoTrans, gblas.Trans} {
			incX, incY, alpha, beta := next()
			lenX, lenY := n, m
			if tA == gblas.Trans {
				lenX, lenY = m, n
			}
			a := randomMatrix[T](r, m, n, max(1, lda))
			x, y := randomVector[T](r, lenX, incX), randomVector[T](r, lenY, incY)
			f.gemv(tA, m, n, T(alpha), a.t, max(1, lda), x.t, incX, T(beta), y.t, incY)
			ref.Dgemv(tA, m, n, alpha, a.d, max(1, lda), x.d, incX, beta, y.d, incY)
			y.check(t, fmt.Sprintf("gemv %v m=%d n=%d incX=%d incY=%d alpha=%v beta=%v: y", tA, m, n, incX, incY, alpha, beta), tol)
		}
		incX, incY, alpha, _ := next()
		a := randomMatrix[T](r, m, n, max(1, lda))
		x, y := randomVector[T](r, m, incX), randomVector[T](r, n, incY)
		f.ger(m, n, T(alpha), x.t, incX, y.t, incY, a.t, max(1, lda))
		refGer(m, n, alpha, x.d, incX, y.d, incY, a.d, max(1, lda))
		a.check(t, fmt.Sprintf("ger m=%d n=%d incX=%d incY=%d: a", m, n, incX, incY), tol)
	}
	for _, n := range append(dims2, 130) {
		lda := max(1, n+k%3)
		tol := 4 * float64(n+4) * f.eps * float64(n+2)
		for _, ul := range []gblas.Uplo{gblas.Upper, gblas.Lower} {
			incX, incY, alpha, beta := next()
			where := fmt.Sprintf("%v n=%d incX=%d incY=%d alpha=%v beta=%v", ul, n, incX, incY, alpha, beta)
			a := randomMatrix[T](r, n, n, lda)
			x, y := randomVector[T](r, n, incX), randomVector[T](r, n, incY)
			f.symv(ul, n, T(alpha), a.t, lda, x.t, incX, T(beta), y.t, incY)
			ref.Dsymv(ul, n, alpha, a.d, lda, x.d, incX, beta, y.d, incY)
			y.check(t, "symv "+where+": y", tol)

			a2 := a.clone()
			f.syr(ul, n, T(alpha), x.t, incX, a2.t, lda)
			ref.Dsyr(ul, n, alpha, x.d, incX, a2.d, lda)
			a2.check(t, "syr "+where+": a", tol)

			f.syr2(ul, n, T(alpha), x.t, incX, y.t, incY, a.t, lda)
			ref.Dsyr2(ul, n, alpha, x.d, incX, y.d, incY, a.d, lda)
			a.check(t, "syr2 "+where+": a", tol)

			for _, tA := range []gblas.Transpose{gblas.NoTrans, gblas.Trans} {
				for _, d := range []gblas.Diag{gblas.NonUnit, gblas.Unit} {
					where := fmt.Sprintf("%v %v %v n=%d incX=%d", ul, tA, d, n, incX)
					a := randomMatrix[T](r, n, n, lda)
					x := randomVector[T](r, n, incX)
					f.trmv(ul, tA, d, n, a.t, lda, x.t, incX)
					ref.Dtrmv(ul, tA, d, n, a.d, lda, x.d, incX)
					x.check(t, "trmv "+where+": x", tol)

					// Off-diagonal elements below 1/n keep the solve well
					// conditioned; a unit diagonal must not be read.
					for i := range n {
						for j := range n {
							a.t[i*lda+j] /= T(n)
						}
						a.t[i*lda+i] = T(math.Copysign(1, float64(a.t[i*lda+i])))
						if d == gblas.Unit {
							a.t[i*lda+i] = T(math.NaN())
						}
					}
					a = a.widen()
					f.trsv(ul, tA, d, n, a.t, lda, x.t, incX)
					ref.Dtrsv(ul, tA, d, n, a.d, lda, x.d, incX)
					x.check(t, "trsv "+where+": x", tol)
				}
			}
		}
	}
}
