package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
)

// Dgesvd computes the singular value decomposition of the m×n matrix A,
// A = U·Σ·Vᵀ, as gonum's Dgesvd does: the same jobs, arguments, workspace
// query and results.
//
// For m ≥ n, not much larger (LAPACK's path 10: m below Ilaenv's crossover
// to a QR factorization first), with jobs All, Store or None, it is that
// path's driver, gonum's bidiagonalization (Dgebrd) and generation of the
// vectors (Dorgbr), around this package's Dbdsqr, whose rotations take
// nearly all of gonum's time. Every other case is gonum's routine.
func (impl Implementation) Dgesvd(jobU, jobVT lapack.SVDJob, m, n int, a []float64, lda int, s, u []float64, ldu int, vt []float64, ldvt int, work []float64, lwork int) (ok bool) {
	if !impl.gesvdPath10(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork) {
		return impl.Implementation.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork)
	}
	// The optimal workspace, as gonum reports it.
	var query [1]float64
	impl.Implementation.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, query[:], -1)
	defer func() { work[0] = query[0] }()

	wantU, wantVT := jobU != lapack.SVDNone, jobVT != lapack.SVDNone
	// Scale A into range, as gonum does.
	smlnum := math.Sqrt(safeMin) / machEps
	bignum := 1 / smlnum
	anrm := impl.Dlange(lapack.MaxAbs, m, n, a, lda, nil)
	to := 0.0
	switch {
	case anrm > 0 && anrm < smlnum:
		to = smlnum
	case anrm > bignum:
		to = bignum
	}
	if to != 0 {
		impl.Dlascl(lapack.General, 0, 0, anrm, to, m, n, a, lda)
	}

	e, tauq, taup, rest := work[:n], work[n:2*n], work[2*n:3*n], work[3*n:lwork]
	impl.Dgebrd(m, n, a, lda, s, e, tauq, taup, rest, len(rest))
	nru, ncvt := 0, 0
	if wantU {
		ncu := n
		if jobU == lapack.SVDAll {
			ncu = m
		}
		impl.Dlacpy(blas.Lower, m, n, a, lda, u, ldu)
		impl.Dorgbr(lapack.GenerateQ, m, ncu, n, u, ldu, tauq, rest, len(rest))
		nru = m
	}
	if wantVT {
		impl.Dlacpy(blas.Upper, n, n, a, lda, vt, ldvt)
		impl.Dorgbr(lapack.GeneratePT, n, n, n, vt, ldvt, taup, rest, len(rest))
		ncvt = n
	}
	ok = impl.Dbdsqr(blas.Upper, n, ncvt, nru, 0, s, e, vt, ldvt, u, ldu, nil, 1, work[n:])
	if !ok {
		// The unconverged superdiagonal, where LAPACK leaves it.
		copy(work[1:n], e[:n-1])
	}
	if to != 0 {
		impl.Dlascl(lapack.General, 0, 0, to, anrm, 1, n, s, n)
		if !ok {
			impl.Dlascl(lapack.General, 0, 0, to, anrm, 1, n-1, work[1:], n)
		}
	}
	return ok
}

// gesvdPath10 reports whether Dgesvd's arguments are valid and take path
// 10 with jobs this package handles.
func (impl Implementation) gesvdPath10(jobU, jobVT lapack.SVDJob, m, n int, a []float64, lda int, s, u []float64, ldu int, vt []float64, ldvt int, work []float64, lwork int) bool {
	job := func(j lapack.SVDJob) bool { return j == lapack.SVDAll || j == lapack.SVDStore || j == lapack.SVDNone }
	if !job(jobU) || !job(jobVT) || n < 2 || m < n || lda < n || lwork < max(3*n+m, 5*n) || len(work) < lwork ||
		len(a) < (m-1)*lda+n || len(s) < n {
		return false
	}
	if m >= impl.Ilaenv(6, "DGESVD", string(jobU)+string(jobVT), m, n, 0, 0) {
		return false // gonum factors A = QR first
	}
	switch jobU {
	case lapack.SVDAll:
		if ldu < m || len(u) < (m-1)*ldu+m {
			return false
		}
	case lapack.SVDStore:
		if ldu < n || len(u) < (m-1)*ldu+n {
			return false
		}
	}
	return jobVT == lapack.SVDNone || ldvt >= n && len(vt) >= (n-1)*ldvt+n
}
