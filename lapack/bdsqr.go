package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
)

// Dbdsqr computes the singular value decomposition of the n×n bidiagonal
// matrix B with diagonal d and off-diagonal e (upper or lower, by uplo),
// B = Q·S·Pᵀ, by the implicit zero-shift and shifted QR method of Demmel
// and Kahan, as gonum's Dbdsqr does: on return d holds the singular values
// in decreasing order, and the n×ncvt matrix vt is overwritten by Pᵀ·VT,
// the nru×n matrix u by U·Q and the n×ncc matrix c by Qᵀ·C. work must have
// length at least 4(n-1). It reports false when the iteration fails to
// converge.
//
// gonum's Dbdsqr applies the sweeps' rotations to U, whose columns they
// combine, one element at a time. Here U is transposed first, so that every
// rotation, of VT, U or C, acts on two contiguous rows with the Rot kernel.
// Without vectors, gonum's routine (the dqds algorithm) runs.
func (impl Implementation) Dbdsqr(uplo blas.Uplo, n, ncvt, nru, ncc int, d, e, vt []float64, ldvt int, u []float64, ldu int, c []float64, ldc int, work []float64) (ok bool) {
	valid := (uplo == blas.Upper || uplo == blas.Lower) && n >= 2 && ncvt >= 0 && nru >= 0 && ncc >= 0 &&
		ldvt >= max(1, ncvt) && ldu >= max(1, n) && ldc >= max(1, ncc) &&
		(ncvt == 0 || len(vt) >= (n-1)*ldvt+ncvt) && (nru == 0 || len(u) >= (nru-1)*ldu+n) &&
		(ncc == 0 || len(c) >= (n-1)*ldc+ncc) && len(d) >= n && len(e) >= n-1 && len(work) >= 4*(n-1)
	if !valid || ncvt+nru+ncc == 0 {
		// gonum's routine: no vectors, a quick return, or a panic with its
		// message for the bad argument.
		return impl.Implementation.Dbdsqr(uplo, n, ncvt, nru, ncc, d, e, vt, ldvt, u, ldu, c, ldc, work)
	}
	b := bidiagonal{impl: impl, n: n, d: d, e: e,
		vt: rows{vt, ldvt, ncvt}, c: rows{c, ldc, ncc}}
	if nru > 0 {
		buf := pool.Scratch[float64](n * nru)
		defer pool.Release(buf)
		b.ut = rows{(*buf)[:n*nru], nru, nru}
		dispatch.F64().Transpose(nru, n, &u[0], ldu, &b.ut.a[0], nru)
	}
	b.vc, b.vs = work[:n-1], work[n-1:2*n-2]
	b.uc, b.us = work[2*n-2:3*n-3], work[3*n-3:4*n-4]
	ok = b.solve(uplo == blas.Lower)
	if nru > 0 {
		dispatch.F64().Transpose(n, nru, &b.ut.a[0], nru, &u[0], ldu)
	}
	return ok
}

// rows is a matrix whose rows a plane rotation combines: VT, C, or Uᵀ.
type rows struct {
	a      []float64
	ld, nc int // row stride, and columns (0: no matrix)
}

func (r rows) row(i int) []float64 { return r.a[i*r.ld : i*r.ld+r.nc] }

// rotate applies the rotations (c[j], s[j]) to rows first+j and first+j+1,
// j ascending (forward) or descending, each as Drot does: x, y = c·x + s·y,
// c·y - s·x.
func (r rows) rotate(first, count int, c, s []float64, forward bool) {
	if r.nc == 0 {
		return
	}
	rot := dispatch.F64().Rot
	for q := range count - 1 {
		j := q
		if !forward {
			j = count - 2 - q
		}
		rot(c[j], s[j], -s[j], c[j], r.row(first+j), r.row(first+j+1))
	}
}

// bidiagonal is the state of one Dbdsqr: the matrix, the rows its
// rotations act on (those from the right of B on VT, those from the left
// on Uᵀ and C), and the rotations of the current sweep.
type bidiagonal struct {
	impl     Implementation
	n        int
	d, e     []float64
	vt, ut   rows
	c        rows
	vc, vs   []float64 // a sweep's rotations of VT
	uc, us   []float64 // and of Uᵀ and C
	tol      float64   // relative accuracy sought
	thresh   float64   // absolute threshold for a negligible element
	smax     float64   // the largest element of the current block
	iter     int
	maxIter  int
	forward  bool // the chase's direction in the current block
	oldLo    int
	oldHi    int
	minOfMin float64 // the block's smallest singular value, estimated
}

// rotateLeft applies count-1 rotations of the left set, from row first.
func (b *bidiagonal) rotateLeft(first, count int, forward bool) {
	b.ut.rotate(first, count, b.uc, b.us, forward)
	b.c.rotate(first, count, b.uc, b.us, forward)
}

// solve runs the iteration to convergence, lower if B is lower bidiagonal,
// and reports whether it converged.
func (b *bidiagonal) solve(lower bool) bool {
	n, d, e := b.n, b.d, b.e
	impl := b.impl
	if lower { // rotate B to upper bidiagonal form from the left
		for i := range n - 1 {
			cs, sn, r := impl.Dlartg(d[i], e[i])
			d[i], e[i], d[i+1] = r, sn*d[i+1], cs*d[i+1]
			b.uc[i], b.us[i] = cs, sn
		}
		b.rotateLeft(0, n, true)
	}
	const eps = machEps
	b.tol = math.Max(10, math.Min(100, math.Pow(eps, -1.0/8))) * eps
	// The threshold from a lower bound of the smallest singular value.
	sminoa := math.Abs(d[0])
	for i, mu := 1, sminoa; i < n && sminoa != 0; i++ {
		mu = math.Abs(d[i]) * (mu / (mu + math.Abs(e[i-1])))
		sminoa = math.Min(sminoa, mu)
	}
	const maxItPerN2 = 6
	b.thresh = math.Max(b.tol*sminoa/math.Sqrt(float64(n)), float64(maxItPerN2*n*n)*safeMin)
	b.maxIter, b.oldLo, b.oldHi = maxItPerN2*n*n, -1, -1

	for hi := n - 1; hi > 0; {
		if b.iter > b.maxIter {
			return false
		}
		// The block [lo, hi] with nonzero off-diagonal.
		lo := hi
		for lo > 0 && math.Abs(e[lo-1]) > b.thresh {
			lo--
		}
		if lo > 0 {
			e[lo-1] = 0
		}
		b.smax = math.Abs(d[hi])
		for i := lo; i < hi; i++ {
			b.smax = math.Max(b.smax, math.Max(math.Abs(d[i]), math.Abs(e[i])))
		}
		switch {
		case lo == hi:
			hi-- // d[hi] has converged
			continue
		case lo == hi-1:
			b.solve2x2(hi - 1)
			hi -= 2
			continue
		}
		if !b.converged(lo, hi) {
			b.sweep(lo, hi)
		}
	}
	b.finish()
	return true
}

// solve2x2 computes the singular values of the 2×2 block at row i directly.
func (b *bidiagonal) solve2x2(i int) {
	d, e := b.d, b.e
	ssmin, ssmax, snr, csr, snl, csl := b.impl.Dlasv2(d[i], e[i], d[i+1])
	d[i], d[i+1], e[i] = ssmax, ssmin, 0
	b.vc[0], b.vs[0], b.uc[0], b.us[0] = csr, snr, csl, snl
	b.vt.rotate(i, 2, b.vc, b.vs, true)
	b.rotateLeft(i, 2, true)
}

// converged chooses the chase direction for a new block [lo, hi] and
// applies the convergence tests, setting negligible off-diagonal elements
// to zero; it reports whether it found one (the block splits).
func (b *bidiagonal) converged(lo, hi int) bool {
	d, e := b.d, b.e
	if lo > b.oldHi || hi < b.oldLo {
		// A new block: chase from the larger end toward the smaller.
		b.forward = math.Abs(d[lo]) >= math.Abs(d[hi])
	}
	if b.forward {
		if math.Abs(e[hi-1]) <= b.tol*math.Abs(d[hi]) {
			e[hi-1] = 0
			return true
		}
		mu := math.Abs(d[lo])
		b.minOfMin = mu
		for i := lo; i < hi; i++ {
			if math.Abs(e[i]) <= b.tol*mu {
				e[i] = 0
				return true
			}
			mu = math.Abs(d[i+1]) * (mu / (mu + math.Abs(e[i])))
			b.minOfMin = math.Min(b.minOfMin, mu)
		}
	} else {
		if math.Abs(e[lo]) <= b.tol*math.Abs(d[lo]) {
			e[lo] = 0
			return true
		}
		mu := math.Abs(d[hi])
		b.minOfMin = mu
		for i := hi - 1; i >= lo; i-- {
			if math.Abs(e[i]) <= b.tol*mu {
				e[i] = 0
				return true
			}
			mu = math.Abs(d[i]) * (mu / (mu + math.Abs(e[i])))
			b.minOfMin = math.Min(b.minOfMin, mu)
		}
	}
	b.oldLo, b.oldHi = lo, hi
	return false
}

// sweep runs one QR sweep over the block [lo, hi]: zero-shift when a shift
// would spoil the relative accuracy of the small singular values, else
// shifted by the nearer singular value of the 2×2 block at the end the
// chase heads to.
func (b *bidiagonal) sweep(lo, hi int) {
	d, e := b.d, b.e
	var shift, base float64
	if float64(b.n)*b.tol*(b.minOfMin/b.smax) > math.Max(machEps, b.tol/100) {
		if b.forward {
			base = math.Abs(d[lo])
			shift, _ = b.impl.Dlas2(d[hi-1], e[hi-1], d[hi])
		} else {
			base = math.Abs(d[hi])
			shift, _ = b.impl.Dlas2(d[lo], e[lo], d[lo+1])
		}
		if base > 0 && (shift/base)*(shift/base) < machEps {
			shift = 0
		}
	}
	b.iter += hi - lo
	count := hi - lo + 1
	if shift == 0 {
		b.zeroShift(lo, hi)
	} else {
		b.shifted(lo, hi, shift)
	}
	b.vt.rotate(lo, count, b.vc, b.vs, b.forward)
	b.rotateLeft(lo, count, b.forward)
	end := hi - 1 // the off-diagonal element the chase ends at
	if !b.forward {
		end = lo
	}
	if math.Abs(e[end]) <= b.thresh {
		e[end] = 0
	}
}

// zeroShift is the zero-shift QR sweep of Demmel and Kahan, which keeps
// the small singular values to high relative accuracy.
func (b *bidiagonal) zeroShift(lo, hi int) {
	d, e, impl := b.d, b.e, b.impl
	cs, oldcs := 1.0, 1.0
	var sn, oldsn, r float64
	if b.forward {
		for i := lo; i < hi; i++ {
			cs, sn, r = impl.Dlartg(d[i]*cs, e[i])
			if i > lo {
				e[i-1] = oldsn * r
			}
			oldcs, oldsn, d[i] = impl.Dlartg(oldcs*r, d[i+1]*sn)
			b.vc[i-lo], b.vs[i-lo], b.uc[i-lo], b.us[i-lo] = cs, sn, oldcs, oldsn
		}
		h := d[hi] * cs
		d[hi], e[hi-1] = h*oldcs, h*oldsn
		return
	}
	for i := hi; i > lo; i-- {
		cs, sn, r = impl.Dlartg(d[i]*cs, e[i-1])
		if i < hi {
			e[i] = oldsn * r
		}
		oldcs, oldsn, d[i] = impl.Dlartg(oldcs*r, d[i-1]*sn)
		b.vc[i-lo-1], b.vs[i-lo-1], b.uc[i-lo-1], b.us[i-lo-1] = oldcs, -oldsn, cs, -sn
	}
	h := d[lo] * cs
	d[lo], e[lo] = h*oldcs, h*oldsn
}

// shifted is the QR sweep with the given shift, chasing the bulge along
// the block.
func (b *bidiagonal) shifted(lo, hi int, shift float64) {
	d, e, impl := b.d, b.e, b.impl
	if b.forward {
		f := (math.Abs(d[lo]) - shift) * (math.Copysign(1, d[lo]) + shift/d[lo])
		g := e[lo]
		for i := lo; i < hi; i++ {
			cosr, sinr, r := impl.Dlartg(f, g)
			if i > lo {
				e[i-1] = r
			}
			f = cosr*d[i] + sinr*e[i]
			e[i] = cosr*e[i] - sinr*d[i]
			g = sinr * d[i+1]
			d[i+1] *= cosr
			cosl, sinl, r := impl.Dlartg(f, g)
			d[i] = r
			f = cosl*e[i] + sinl*d[i+1]
			d[i+1] = cosl*d[i+1] - sinl*e[i]
			if i < hi-1 {
				g = sinl * e[i+1]
				e[i+1] *= cosl
			}
			b.vc[i-lo], b.vs[i-lo], b.uc[i-lo], b.us[i-lo] = cosr, sinr, cosl, sinl
		}
		e[hi-1] = f
		return
	}
	f := (math.Abs(d[hi]) - shift) * (math.Copysign(1, d[hi]) + shift/d[hi])
	g := e[hi-1]
	for i := hi; i > lo; i-- {
		cosr, sinr, r := impl.Dlartg(f, g)
		if i < hi {
			e[i] = r
		}
		f = cosr*d[i] + sinr*e[i-1]
		e[i-1] = cosr*e[i-1] - sinr*d[i]
		g = sinr * d[i-1]
		d[i-1] *= cosr
		cosl, sinl, r := impl.Dlartg(f, g)
		d[i] = r
		f = cosl*e[i-1] + sinl*d[i-1]
		d[i-1] = cosl*d[i-1] - sinl*e[i-1]
		if i > lo+1 {
			g = sinl * e[i-2]
			e[i-2] *= cosl
		}
		b.vc[i-lo-1], b.vs[i-lo-1], b.uc[i-lo-1], b.us[i-lo-1] = cosl, -sinl, cosr, -sinr
	}
	e[lo] = f
}

// finish makes the singular values positive and sorts them in decreasing
// order, their vectors with them.
func (b *bidiagonal) finish() {
	k := dispatch.F64()
	d := b.d
	for i := range b.n {
		if d[i] < 0 {
			d[i] = -d[i]
			if b.vt.nc > 0 {
				k.Scal(-1, b.vt.row(i))
			}
		}
	}
	for last := b.n - 1; last > 0; last-- {
		small := 0
		for j := 1; j <= last; j++ {
			if d[j] <= d[small] {
				small = j
			}
		}
		if small == last {
			continue
		}
		d[small], d[last] = d[last], d[small]
		for _, r := range []rows{b.vt, b.ut, b.c} {
			if r.nc > 0 {
				k.Swap(r.row(small), r.row(last))
			}
		}
	}
}
