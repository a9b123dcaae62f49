package lapack_test

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	glapack "gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// overridden holds the routines this package replaces.
type overridden interface {
	Dlatrs(uplo blas.Uplo, trans blas.Transpose, diag blas.Diag, normin bool, n int, a []float64, lda int, x, cnorm []float64) float64
	Dgecon(norm glapack.MatrixNorm, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64
	Dpocon(uplo blas.Uplo, n int, a []float64, lda int, anorm float64, work []float64, iwork []int) float64
	Dtrcon(norm glapack.MatrixNorm, uplo blas.Uplo, diag blas.Diag, n int, a []float64, lda int, work []float64, iwork []int) float64
	Dgetrf(m, n int, a []float64, lda int, ipiv []int) bool
	Dlange(norm glapack.MatrixNorm, m, n int, a []float64, lda int, work []float64) float64
	Dsteqr(compz glapack.EVComp, n int, d, e, z []float64, ldz int, work []float64) bool
	Dsyev(jobz glapack.EVJob, uplo blas.Uplo, n int, a []float64, lda int, w, work []float64, lwork int) bool
}

// TestBadArgumentsPanicAsGonum calls each override with one bad argument at
// a time and expects gonum's panic message.
func TestBadArgumentsPanicAsGonum(t *testing.T) {
	const n = 3
	ok := func(k int) []float64 { return make([]float64, k) }
	one := glapack.MaxColumnSum
	calls := map[string]func(overridden){
		"Dlatrs uplo":  func(l overridden) { l.Dlatrs('X', blas.NoTrans, blas.Unit, false, n, ok(9), n, ok(n), ok(n)) },
		"Dlatrs trans": func(l overridden) { l.Dlatrs(blas.Upper, 'X', blas.Unit, false, n, ok(9), n, ok(n), ok(n)) },
		"Dlatrs diag":  func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, 'X', false, n, ok(9), n, ok(n), ok(n)) },
		"Dlatrs n":     func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, blas.Unit, false, -1, ok(9), n, ok(n), ok(n)) },
		"Dlatrs lda":   func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, blas.Unit, false, n, ok(9), n-1, ok(n), ok(n)) },
		"Dlatrs a":     func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, blas.Unit, false, n, ok(8), n, ok(n), ok(n)) },
		"Dlatrs x":     func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, blas.Unit, false, n, ok(9), n, ok(n-1), ok(n)) },
		"Dlatrs cnorm": func(l overridden) { l.Dlatrs(blas.Upper, blas.NoTrans, blas.Unit, true, n, ok(9), n, ok(n), ok(n-1)) },
		"Dgecon norm":  func(l overridden) { l.Dgecon(glapack.MaxAbs, n, ok(9), n, 1, ok(4*n), make([]int, n)) },
		"Dgecon n":     func(l overridden) { l.Dgecon(one, -1, ok(9), n, 1, ok(4*n), make([]int, n)) },
		"Dgecon lda":   func(l overridden) { l.Dgecon(one, n, ok(9), n-1, 1, ok(4*n), make([]int, n)) },
		"Dgecon anorm": func(l overridden) { l.Dgecon(one, n, ok(9), n, -1, ok(4*n), make([]int, n)) },
		"Dgecon a":     func(l overridden) { l.Dgecon(one, n, ok(8), n, 1, ok(4*n), make([]int, n)) },
		"Dgecon work":  func(l overridden) { l.Dgecon(one, n, ok(9), n, 1, ok(4*n-1), make([]int, n)) },
		"Dgecon iwork": func(l overridden) { l.Dgecon(one, n, ok(9), n, 1, ok(4*n), make([]int, n-1)) },
		"Dpocon uplo":  func(l overridden) { l.Dpocon('X', n, ok(9), n, 1, ok(3*n), make([]int, n)) },
		"Dpocon n":     func(l overridden) { l.Dpocon(blas.Upper, -1, ok(9), n, 1, ok(3*n), make([]int, n)) },
		"Dpocon lda":   func(l overridden) { l.Dpocon(blas.Upper, n, ok(9), n-1, 1, ok(3*n), make([]int, n)) },
		"Dpocon anorm": func(l overridden) { l.Dpocon(blas.Upper, n, ok(9), n, -1, ok(3*n), make([]int, n)) },
		"Dpocon a":     func(l overridden) { l.Dpocon(blas.Upper, n, ok(8), n, 1, ok(3*n), make([]int, n)) },
		"Dpocon work":  func(l overridden) { l.Dpocon(blas.Upper, n, ok(9), n, 1, ok(3*n-1), make([]int, n)) },
		"Dpocon iwork": func(l overridden) { l.Dpocon(blas.Upper, n, ok(9), n, 1, ok(3*n), make([]int, n-1)) },
		"Dtrcon norm": func(l overridden) {
			l.Dtrcon(glapack.MaxAbs, blas.Upper, blas.Unit, n, ok(9), n, ok(3*n), make([]int, n))
		},
		"Dtrcon uplo":  func(l overridden) { l.Dtrcon(one, 'X', blas.Unit, n, ok(9), n, ok(3*n), make([]int, n)) },
		"Dtrcon diag":  func(l overridden) { l.Dtrcon(one, blas.Upper, 'X', n, ok(9), n, ok(3*n), make([]int, n)) },
		"Dtrcon n":     func(l overridden) { l.Dtrcon(one, blas.Upper, blas.Unit, -1, ok(9), n, ok(3*n), make([]int, n)) },
		"Dtrcon lda":   func(l overridden) { l.Dtrcon(one, blas.Upper, blas.Unit, n, ok(9), n-1, ok(3*n), make([]int, n)) },
		"Dtrcon a":     func(l overridden) { l.Dtrcon(one, blas.Upper, blas.Unit, n, ok(8), n, ok(3*n), make([]int, n)) },
		"Dtrcon work":  func(l overridden) { l.Dtrcon(one, blas.Upper, blas.Unit, n, ok(9), n, ok(3*n-1), make([]int, n)) },
		"Dtrcon iwork": func(l overridden) { l.Dtrcon(one, blas.Upper, blas.Unit, n, ok(9), n, ok(3*n), make([]int, n-1)) },
		"Dgetrf m":     func(l overridden) { l.Dgetrf(-1, n, ok(9), n, make([]int, n)) },
		"Dgetrf n":     func(l overridden) { l.Dgetrf(n, -1, ok(9), n, make([]int, n)) },
		"Dgetrf lda":   func(l overridden) { l.Dgetrf(n, n, ok(9), n-1, make([]int, n)) },
		"Dgetrf a":     func(l overridden) { l.Dgetrf(n, n, ok(8), n, make([]int, n)) },
		"Dgetrf ipiv":  func(l overridden) { l.Dgetrf(n, n, ok(9), n, make([]int, n+1)) },
		"Dlange norm":  func(l overridden) { l.Dlange('X', n, n, ok(9), n, ok(n)) },
		"Dlange m":     func(l overridden) { l.Dlange(one, -1, n, ok(9), n, ok(n)) },
		"Dlange lda":   func(l overridden) { l.Dlange(one, n, n, ok(9), n-1, ok(n)) },
		"Dlange a":     func(l overridden) { l.Dlange(one, n, n, ok(8), n, ok(n)) },
		"Dlange work":  func(l overridden) { l.Dlange(one, n, n, ok(9), n, ok(n-1)) },
		"Dsteqr compz": func(l overridden) { l.Dsteqr('X', n, ok(n), ok(n-1), ok(9), n, ok(2*n-2)) },
		"Dsteqr ldz":   func(l overridden) { l.Dsteqr(glapack.EVOrig, n, ok(n), ok(n-1), ok(9), n-1, ok(2*n-2)) },
		"Dsteqr d":     func(l overridden) { l.Dsteqr(glapack.EVOrig, n, ok(n-1), ok(n-1), ok(9), n, ok(2*n-2)) },
		"Dsteqr e":     func(l overridden) { l.Dsteqr(glapack.EVOrig, n, ok(n), ok(n-2), ok(9), n, ok(2*n-2)) },
		"Dsteqr z":     func(l overridden) { l.Dsteqr(glapack.EVOrig, n, ok(n), ok(n-1), ok(8), n, ok(2*n-2)) },
		"Dsteqr work":  func(l overridden) { l.Dsteqr(glapack.EVTridiag, n, ok(n), ok(n-1), ok(9), n, ok(2*n-3)) },
		"Dsyev jobz":   func(l overridden) { l.Dsyev('X', blas.Upper, n, ok(9), n, ok(n), ok(3*n), 3*n) },
		"Dsyev uplo":   func(l overridden) { l.Dsyev(glapack.EVCompute, 'X', n, ok(9), n, ok(n), ok(3*n), 3*n) },
		"Dsyev lda":    func(l overridden) { l.Dsyev(glapack.EVCompute, blas.Upper, n, ok(9), n-1, ok(n), ok(3*n), 3*n) },
		"Dsyev lwork":  func(l overridden) { l.Dsyev(glapack.EVCompute, blas.Upper, n, ok(9), n, ok(n), ok(3*n), 3*n-2) },
		"Dsyev work":   func(l overridden) { l.Dsyev(glapack.EVCompute, blas.Upper, n, ok(9), n, ok(n), ok(3*n-1), 3*n) },
		"Dsyev a":      func(l overridden) { l.Dsyev(glapack.EVCompute, blas.Upper, n, ok(8), n, ok(n), ok(3*n), 3*n) },
		"Dsyev w":      func(l overridden) { l.Dsyev(glapack.EVCompute, blas.Upper, n, ok(9), n, ok(n-1), ok(3*n), 3*n) },
	}
	for name, call := range calls {
		want := panicOf(func() { call(gonum.Implementation{}) })
		if want == "" {
			t.Fatalf("%s: gonum does not panic; the case is wrong", name)
		}
		if got := panicOf(func() { call(impl) }); got != want {
			t.Errorf("%s: panic %q, want gonum's %q", name, got, want)
		}
	}
}

// panicOf returns the message f panics with, or "" when it returns.
func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
