//go:build cgo && peers

package bench

/*
#include <stdint.h>

enum { RowMajor = 101 };

typedef const double *cd;
typedef double *md;

static void dgemv(void *f, int t, int m, int n, double al, cd a, int lda, cd x, int ix, double be, md y, int iy) {
	((void (*)(int, int, int, int, double, cd, int, cd, int, double, md, int))f)(RowMajor, t, m, n, al, a, lda, x, ix, be, y, iy);
}
static void dger(void *f, int m, int n, double al, cd x, int ix, cd y, int iy, md a, int lda) {
	((void (*)(int, int, int, double, cd, int, cd, int, md, int))f)(RowMajor, m, n, al, x, ix, y, iy, a, lda);
}
static void dsymv(void *f, int u, int n, double al, cd a, int lda, cd x, int ix, double be, md y, int iy) {
	((void (*)(int, int, int, double, cd, int, cd, int, double, md, int))f)(RowMajor, u, n, al, a, lda, x, ix, be, y, iy);
}
static void dtrxv(void *f, int u, int t, int d, int n, cd a, int lda, md x, int ix) {
	((void (*)(int, int, int, int, int, cd, int, md, int))f)(RowMajor, u, t, d, n, a, lda, x, ix);
}
static void dsyr2(void *f, int u, int n, double al, cd x, int ix, cd y, int iy, md a, int lda) {
	((void (*)(int, int, int, double, cd, int, cd, int, md, int))f)(RowMajor, u, n, al, x, ix, y, iy, a, lda);
}
static void dtrxm(void *f, int s, int u, int t, int d, int m, int n, double al, cd a, int lda, md b, int ldb) {
	((void (*)(int, int, int, int, int, int, int, double, cd, int, md, int))f)(RowMajor, s, u, t, d, m, n, al, a, lda, b, ldb);
}
static void dsyrk(void *f, int u, int t, int n, int k, double al, cd a, int lda, double be, md c, int ldc) {
	((void (*)(int, int, int, int, int, double, cd, int, double, md, int))f)(RowMajor, u, t, n, k, al, a, lda, be, c, ldc);
}
static void dsyr2k(void *f, int u, int t, int n, int k, double al, cd a, int lda, cd b, int ldb, double be, md c, int ldc) {
	((void (*)(int, int, int, int, int, double, cd, int, cd, int, double, md, int))f)(RowMajor, u, t, n, k, al, a, lda, b, ldb, be, c, ldc);
}
static void dsymm(void *f, int s, int u, int m, int n, double al, cd a, int lda, cd b, int ldb, double be, md c, int ldc) {
	((void (*)(int, int, int, int, int, double, cd, int, cd, int, double, md, int))f)(RowMajor, s, u, m, n, al, a, lda, b, ldb, be, c, ldc);
}
*/
import "C"

import (
	"unsafe"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// cblas is gonum's BLAS with the Level 2 and Level 3 routines that gonum's
// LAPACK spends its time in taken from a peer's CBLAS, row-major: the
// closest a Go program comes to running gonum's mat and lapack on that
// library. Level 1 stays gonum's. It makes no argument checks; gonum's
// callers pass valid arguments.
type cblas struct {
	gonum.Implementation
	fn  peerGemm
	sym map[string]unsafe.Pointer
}

// peerGemm is the peer's Dgemm, already wrapped for Go.
type peerGemm = func(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)

// cblasRoutines are the CBLAS symbols the adapter needs.
var cblasRoutines = []string{"cblas_dgemv", "cblas_dger", "cblas_dsymv", "cblas_dtrmv", "cblas_dtrsv", "cblas_dsyr2",
	"cblas_dtrsm", "cblas_dtrmm", "cblas_dsyrk", "cblas_dsyr2k", "cblas_dsymm"}

// newCblas returns the adapter over the symbols sym finds, or nil if any
// is missing.
func newCblas(dgemm peerGemm, sym func(string) unsafe.Pointer) gblas.Float64 {
	c := cblas{fn: dgemm, sym: map[string]unsafe.Pointer{}}
	for _, name := range cblasRoutines {
		if c.sym[name] = sym(name); c.sym[name] == nil {
			return nil
		}
	}
	return c
}

func ptr(s []float64) *C.double {
	if len(s) == 0 {
		return nil
	}
	return (*C.double)(&s[0])
}

func ci(v int) C.int        { return C.int(v) }
func cf(v float64) C.double { return C.double(v) }

// CBLAS enumerations.
func cTrans(t gblas.Transpose) C.int {
	if t == gblas.NoTrans {
		return 111
	}
	return 112
}
func cUplo(u gblas.Uplo) C.int {
	if u == gblas.Upper {
		return 121
	}
	return 122
}
func cDiag(d gblas.Diag) C.int {
	if d == gblas.NonUnit {
		return 131
	}
	return 132
}
func cSide(s gblas.Side) C.int {
	if s == gblas.Left {
		return 141
	}
	return 142
}

func (c cblas) Dgemm(tA, tB gblas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cm []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	c.fn(tA != gblas.NoTrans, tB != gblas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, cm, ldc)
}

func (c cblas) Dgemv(tA gblas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	C.dgemv(c.sym["cblas_dgemv"], cTrans(tA), ci(m), ci(n), cf(alpha), ptr(a), ci(lda), ptr(x), ci(incX), cf(beta), ptr(y), ci(incY))
}

func (c cblas) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	C.dger(c.sym["cblas_dger"], ci(m), ci(n), cf(alpha), ptr(x), ci(incX), ptr(y), ci(incY), ptr(a), ci(lda))
}

func (c cblas) Dsymv(ul gblas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	C.dsymv(c.sym["cblas_dsymv"], cUplo(ul), ci(n), cf(alpha), ptr(a), ci(lda), ptr(x), ci(incX), cf(beta), ptr(y), ci(incY))
}

func (c cblas) Dtrmv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	C.dtrxv(c.sym["cblas_dtrmv"], cUplo(ul), cTrans(tA), cDiag(d), ci(n), ptr(a), ci(lda), ptr(x), ci(incX))
}

func (c cblas) Dtrsv(ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, n int, a []float64, lda int, x []float64, incX int) {
	C.dtrxv(c.sym["cblas_dtrsv"], cUplo(ul), cTrans(tA), cDiag(d), ci(n), ptr(a), ci(lda), ptr(x), ci(incX))
}

func (c cblas) Dsyr2(ul gblas.Uplo, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	C.dsyr2(c.sym["cblas_dsyr2"], cUplo(ul), ci(n), cf(alpha), ptr(x), ci(incX), ptr(y), ci(incY), ptr(a), ci(lda))
}

func (c cblas) Dtrsm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	C.dtrxm(c.sym["cblas_dtrsm"], cSide(s), cUplo(ul), cTrans(tA), cDiag(d), ci(m), ci(n), cf(alpha), ptr(a), ci(lda), ptr(b), ci(ldb))
}

func (c cblas) Dtrmm(s gblas.Side, ul gblas.Uplo, tA gblas.Transpose, d gblas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	C.dtrxm(c.sym["cblas_dtrmm"], cSide(s), cUplo(ul), cTrans(tA), cDiag(d), ci(m), ci(n), cf(alpha), ptr(a), ci(lda), ptr(b), ci(ldb))
}

func (c cblas) Dsyrk(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, cm []float64, ldc int) {
	C.dsyrk(c.sym["cblas_dsyrk"], cUplo(ul), cTrans(tA), ci(n), ci(k), cf(alpha), ptr(a), ci(lda), cf(beta), ptr(cm), ci(ldc))
}

func (c cblas) Dsyr2k(ul gblas.Uplo, tA gblas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cm []float64, ldc int) {
	C.dsyr2k(c.sym["cblas_dsyr2k"], cUplo(ul), cTrans(tA), ci(n), ci(k), cf(alpha), ptr(a), ci(lda), ptr(b), ci(ldb), cf(beta), ptr(cm), ci(ldc))
}

func (c cblas) Dsymm(s gblas.Side, ul gblas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cm []float64, ldc int) {
	C.dsymm(c.sym["cblas_dsymm"], cSide(s), cUplo(ul), ci(m), ci(n), cf(alpha), ptr(a), ci(lda), ptr(b), ci(ldb), cf(beta), ptr(cm), ci(ldc))
}
