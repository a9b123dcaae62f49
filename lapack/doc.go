// Package lapack is gonum's LAPACK with the routines that dominate mat's LU
// and Cholesky factorizations replaced by ones that suit row-major storage
// and simdla's BLAS.
//
// Implementation satisfies gonum's lapack.Float64, so one line makes gonum's
// mat use it:
//
//	lapack64.Use(lapack.Implementation{})
//
// or, together with simdla's BLAS, import the register package for its side
// effects:
//
//	import _ "github.com/simdla/simdla/lapack/register"
//
// What it replaces:
//   - Dlatrs, and the condition estimators that call it (Dgecon, Dpocon,
//     Dtrcon). gonum translated LAPACK's column-major code, so its Dlatrs
//     walks the columns of a row-major matrix, one element per cache line,
//     and for most matrices of order a few hundred or more it takes its
//     careful path, which scales as it goes. Here Dlatrs first solves with
//     Dtrsv, which walks rows, and keeps that solution when it is finite
//     and within Dlatrs's bound; only a system whose solution would
//     overflow takes gonum's careful path.
//   - Dgetrf, blocked by panels of 128 columns, each factored by
//     recursive LU (LAPACK's Dgetrf2), so that nearly all the work is in
//     large Dtrsm and Dgemm calls and no rank-1 update walks a narrow
//     panel; the updates right of a panel run in slabs of columns, one
//     goroutine each, and the next panel is factored while the others are
//     still updated.
//   - Dlange's 1-norm, on the AddAbs kernel.
//   - Dsteqr, and Dsyev around it (mat.EigenSym): the implicit QL/QR
//     iteration written here, on the transposed eigenvector matrix, so that
//     every plane rotation acts on two contiguous rows with the Rot kernel;
//     gonum's Dlasr turns pairs of columns one element at a time.
//   - Dbdsqr, and Dgesvd around it for matrices as tall as wide or a little
//     taller (mat.SVD, stat.PC): Demmel and Kahan's bidiagonal QR written
//     here, every rotation again on contiguous rows (of Vᵀ, of Uᵀ).
//
// Every other routine is gonum's own, reached through the embedded
// gonum.Implementation, and all of them call the BLAS registered with
// blas64.Use. Go binds methods statically, so gonum's routines that call a
// replaced one internally (Dgesv calling Dgetrf, Dgesvd calling Dbdsqr)
// still run gonum's version: the replacements take effect where mat, or a
// user, calls them through lapack64 or Implementation.
package lapack

import "gonum.org/v1/gonum/lapack/gonum"

// Implementation is simdla's LAPACK. Its zero value is ready to use.
type Implementation struct {
	// gonum's native LAPACK serves every routine not overridden here.
	gonum.Implementation
}
