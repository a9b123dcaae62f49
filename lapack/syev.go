package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Dsyev computes the eigenvalues of the symmetric n×n matrix whose uplo
// triangle is in a, in ascending order into w, and with jobz EVCompute
// its orthonormal eigenvectors into the columns of a, as gonum's Dsyev
// does (the same arguments, workspace query and result). It reports false
// when the iteration fails to converge.
//
// With eigenvectors it is gonum's driver (reduction to tridiagonal form by
// Dsytrd, its orthogonal matrix by Dorgtr) around this package's Dsteqr,
// whose rotations, which take nearly all of gonum's time, act on
// contiguous rows. Everything else is gonum's routine.
func (impl Implementation) Dsyev(jobz lapack.EVJob, uplo blas.Uplo, n int, a []float64, lda int, w, work []float64, lwork int) (ok bool) {
	if jobz != lapack.EVCompute || uplo != blas.Upper && uplo != blas.Lower || n < 2 || lda < n ||
		lwork < 3*n-1 || len(work) < lwork || len(a) < (n-1)*lda+n || len(w) < n {
		// gonum's routine: no vectors, a quick return, a workspace query,
		// or a panic with its message for the bad argument.
		return impl.Implementation.Dsyev(jobz, uplo, n, a, lda, w, work, lwork)
	}
	// Scale the matrix into range, as gonum does.
	smlnum := safeMin / (2 * machEps)
	rmin, rmax := math.Sqrt(smlnum), math.Sqrt(1/smlnum)
	anrm := impl.Dlansy(lapack.MaxAbs, uplo, n, a, lda, work)
	sigma := 1.0
	switch {
	case anrm > 0 && anrm < rmin:
		sigma = rmin / anrm
	case anrm > rmax:
		sigma = rmax / anrm
	}
	if sigma != 1 {
		kind := lapack.LowerTri
		if uplo == blas.Upper {
			kind = lapack.UpperTri
		}
		impl.Dlascl(kind, 0, 0, 1, sigma, n, n, a, lda)
	}
	e, tau, rest := work[:n], work[n:2*n], work[2*n:lwork]
	impl.Dsytrd(uplo, n, a, lda, w, e, tau, rest, len(rest))
	impl.Dorgtr(uplo, n, a, lda, tau, rest, len(rest))
	if !impl.Dsteqr(lapack.EVOrig, n, w, e, a, lda, work[n:]) {
		return false
	}
	if sigma != 1 {
		blas64.Implementation().Dscal(n, 1/sigma, w, 1)
	}
	opts := "L"
	if uplo == blas.Upper {
		opts = "U"
	}
	work[0] = float64(max(1, (impl.Ilaenv(1, "DSYTRD", opts, n, -1, -1, -1)+2)*n))
	return true
}
