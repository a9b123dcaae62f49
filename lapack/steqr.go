package lapack

import (
	"math"

	"gonum.org/v1/gonum/lapack"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
)

// Dsteqr computes the eigenvalues of the symmetric tridiagonal n×n matrix
// with diagonal d and off-diagonal e, and with them the eigenvectors, by the
// implicit QL or QR method, as gonum's Dsteqr does: on return d holds the
// eigenvalues in ascending order and, for compz EVOrig, z (which held the
// orthogonal matrix of the reduction to tridiagonal form) holds the
// eigenvectors of the original matrix, for EVTridiag those of the
// tridiagonal one. work must have length at least 2n-2. It reports false
// when some eigenvalue fails to converge in 30n iterations.
//
// gonum's Dsteqr applies each sweep's plane rotations to pairs of columns
// of the row-major z, one element at a time. Here z is transposed first, so
// that each rotation acts on two contiguous rows, with the Rot kernel.
// Without eigenvectors, gonum's routine runs.
func (impl Implementation) Dsteqr(compz lapack.EVComp, n int, d, e, z []float64, ldz int, work []float64) (ok bool) {
	if compz != lapack.EVOrig && compz != lapack.EVTridiag || n < 2 || ldz < n ||
		len(d) < n || len(e) < n-1 || len(z) < (n-1)*ldz+n || len(work) < 2*n-2 {
		// gonum's routine: no vectors, a quick return, or a panic with its
		// message for the bad argument.
		return impl.Implementation.Dsteqr(compz, n, d, e, z, ldz, work)
	}
	buf := pool.Scratch[float64](n * n)
	defer pool.Release(buf)
	zt := (*buf)[:n*n]
	transpose := dispatch.F64().Transpose
	if compz == lapack.EVOrig {
		transpose(n, n, &z[0], ldz, &zt[0], n)
	} else {
		clear(zt)
		for i := range n {
			zt[i*n+i] = 1
		}
	}
	ok = impl.steqrRows(n, d, e, zt, work)
	transpose(n, n, &zt[0], n, &z[0], ldz)
	return ok
}

// steqrRows is Dsteqr on zt, the n×n transpose of the eigenvector matrix
// (row i is eigenvector i), n ≥ 2.
func (impl Implementation) steqrRows(n int, d, e, zt, work []float64) bool {
	eps2 := machEps * machEps
	safmax := 1 / safeMin
	ssfmax := math.Sqrt(safmax) / 3
	ssfmin := math.Sqrt(safeMin) / eps2
	z := rows{a: zt, ld: n, nc: n}
	cs, sn := work[:n-1], work[n-1:2*n-2]

	maxIter, iter := 30*n, 0
	for l1 := 0; l1 < n; {
		if l1 > 0 {
			e[l1-1] = 0
		}
		// The unreduced block [l1, m]: e[m] is negligible or m is last.
		m := l1
		for ; m < n-1; m++ {
			if t := math.Abs(e[m]); t == 0 || t <= math.Sqrt(math.Abs(d[m]))*math.Sqrt(math.Abs(d[m+1]))*machEps {
				e[m] = 0
				break
			}
		}
		l, lend := l1, m
		lsv, lendsv := l, lend
		l1 = m + 1
		if lend == l {
			continue
		}
		// Scale the block into range.
		anorm := impl.Dlanst(lapack.MaxAbs, lend-l+1, d[l:], e[l:])
		scale := 0.0
		switch {
		case anorm == 0:
			continue
		case anorm > ssfmax:
			scale = ssfmax
		case anorm < ssfmin:
			scale = ssfmin
		}
		if scale != 0 {
			impl.Dlascl(lapack.General, 0, 0, anorm, scale, lend-l+1, 1, d[l:], 1)
			impl.Dlascl(lapack.General, 0, 0, anorm, scale, lend-l, 1, e[l:], 1)
		}
		// QL from the top when the bottom is the larger end, else QR.
		if math.Abs(d[lend]) < math.Abs(d[l]) {
			l, lend = lend, l
		}
		if lend > l {
			iter = impl.qlSweeps(d, e, l, lend, iter, maxIter, cs, sn, z.rotate)
		} else {
			iter = impl.qrSweeps(d, e, l, lend, iter, maxIter, cs, sn, z.rotate)
		}
		if scale != 0 {
			impl.Dlascl(lapack.General, 0, 0, scale, anorm, lendsv-lsv+1, 1, d[lsv:], 1)
			impl.Dlascl(lapack.General, 0, 0, scale, anorm, lendsv-lsv, 1, e[lsv:], 1)
		}
		if iter >= maxIter {
			for i := range n - 1 {
				if e[i] != 0 {
					return false
				}
			}
			return true // cannot happen: the last sweep converged everything
		}
	}
	// Sort the eigenvalues ascending, their vectors with them.
	for i := range n - 1 {
		k, p := i, d[i]
		for j := i + 1; j < n; j++ {
			if d[j] < p {
				k, p = j, d[j]
			}
		}
		if k != i {
			d[k], d[i] = d[i], p
			dispatch.F64().Swap(z.row(i), z.row(k))
		}
	}
	return true
}

// negligible reports whether the off-diagonal element between diagonal
// elements da and db may be set to zero.
func negligible(off, da, db float64) bool {
	return off*off <= (machEps*machEps*math.Abs(da))*math.Abs(db)+safeMin
}

// qlSweeps runs implicit QL sweeps on the block [l, lend], l < lend, until
// every eigenvalue of it has converged or iter reaches maxIter, and returns
// iter.
func (impl Implementation) qlSweeps(d, e []float64, l, lend, iter, maxIter int, cs, sn []float64, rotate func(first, count int, c, s []float64, forward bool)) int {
	for l <= lend {
		m := l
		for ; m < lend && !negligible(e[m], d[m], d[m+1]); m++ {
		}
		if m < lend {
			e[m] = 0
		}
		switch {
		case m == l: // d[l] has converged
			l++
			continue
		case m == l+1: // a 2×2 block, solved directly
			rt1, rt2, c, s := impl.Dlaev2(d[l], e[l], d[l+1])
			cs[l], sn[l] = c, s
			rotate(l, 2, cs[l:], sn[l:], false)
			d[l], d[l+1], e[l] = rt1, rt2, 0
			l += 2
			continue
		case iter == maxIter:
			return iter
		}
		iter++
		// Wilkinson's shift, then the bulge chased from m up to l.
		p := d[l]
		g := (d[l+1] - p) / (2 * e[l])
		r := impl.Dlapy2(g, 1)
		g = d[m] - p + e[l]/(g+math.Copysign(r, g))
		s, c := 1.0, 1.0
		p = 0
		for i := m - 1; i >= l; i-- {
			f, b := s*e[i], c*e[i]
			c, s, r = impl.Dlartg(g, f)
			if i != m-1 {
				e[i+1] = r
			}
			g = d[i+1] - p
			r = (d[i]-g)*s + 2*c*b
			p = s * r
			d[i+1] = g + p
			g = c*r - b
			cs[i], sn[i] = c, -s
		}
		rotate(l, m-l+1, cs[l:], sn[l:], false)
		d[l] -= p
		e[l] = g
	}
	return iter
}

// qrSweeps is qlSweeps for a block run from the bottom, lend < l.
func (impl Implementation) qrSweeps(d, e []float64, l, lend, iter, maxIter int, cs, sn []float64, rotate func(first, count int, c, s []float64, forward bool)) int {
	for l >= lend {
		m := l
		for ; m > lend && !negligible(e[m-1], d[m], d[m-1]); m-- {
		}
		if m > lend {
			e[m-1] = 0
		}
		switch {
		case m == l:
			l--
			continue
		case m == l-1:
			rt1, rt2, c, s := impl.Dlaev2(d[l-1], e[l-1], d[l])
			cs[m], sn[m] = c, s
			rotate(l-1, 2, cs[m:], sn[m:], true)
			d[l-1], d[l], e[l-1] = rt1, rt2, 0
			l -= 2
			continue
		case iter == maxIter:
			return iter
		}
		iter++
		p := d[l]
		g := (d[l-1] - p) / (2 * e[l-1])
		r := impl.Dlapy2(g, 1)
		g = d[m] - p + e[l-1]/(g+math.Copysign(r, g))
		s, c := 1.0, 1.0
		p = 0
		for i := m; i <= l-1; i++ {
			f, b := s*e[i], c*e[i]
			c, s, r = impl.Dlartg(g, f)
			if i != m {
				e[i-1] = r
			}
			g = d[i] - p
			r = (d[i+1]-g)*s + 2*c*b
			p = s * r
			d[i] = g + p
			g = c*r - b
			cs[i], sn[i] = c, s
		}
		rotate(m, l-m+1, cs[m:], sn[m:], true)
		d[l] -= p
		e[l-1] = g
	}
	return iter
}
