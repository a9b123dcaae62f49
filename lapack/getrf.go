package lapack

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
)

// Dgetrf computes the LU factorization of the m×n matrix A with partial
// pivoting, A = P*L*U, as gonum's Dgetrf does: on return a holds L below
// the diagonal (its unit diagonal not stored) and U on and above it, and
// row i was interchanged with row ipiv[i], which must have length min(m,n).
// It reports false when some diagonal element of U is exactly zero: the
// factorization is complete, but U is singular.
//
// It factors panels of luBlock columns, each by recursive LU (Toledo's,
// LAPACK's Dgetrf2: the columns split in halves, so that the work is in
// Dtrsm and Dgemm calls and no rank-1 update walks a narrow panel), and
// updates the columns right of a panel in slabs of columns, one goroutine
// each: the first slab holds the next panel and factors it as soon as it
// is updated, while the other slabs still update theirs (look-ahead), so
// the panels, which parallelize poorly, overlap the updates. The slabs do
// the same operations on every element whatever their number, so the
// factors are bitwise the same for every thread count.
func (impl Implementation) Dgetrf(m, n int, a []float64, lda int, ipiv []int) bool {
	mn := min(m, n)
	if m < 0 || n < 0 || lda < max(1, n) || mn > 0 && (len(a) < (m-1)*lda+n || len(ipiv) != mn) {
		// gonum's routine panics with its message for the bad argument.
		return impl.Implementation.Dgetrf(m, n, a, lda, ipiv)
	}
	if mn == 0 {
		return true
	}
	return luBlocked(blas64.Implementation(), m, n, a, lda, ipiv)
}

// luBlock is the width of luBlocked's panels.
const luBlock = 128

// luBlocked factors the m×n matrix A (min(m,n) ≥ 1) in place as Dgetrf
// does: ipiv holds absolute row numbers.
func luBlocked(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int) bool {
	mn := min(m, n)
	step := &luStep{bi: bi, m: m, n: n, a: a, lda: lda, ipiv: ipiv, ok: true}
	step.factor(0, min(luBlock, mn))
	for j := 0; j < mn; j += luBlock {
		jb := min(luBlock, mn-j)
		next := j + jb
		if next == n {
			break
		}
		step.j, step.jb, step.next, step.nextWidth = j, jb, next, max(0, min(luBlock, mn-next))
		step.slabs = step.split(par.Threads())
		if len(step.slabs) == 1 {
			step.Slab(0)
		} else {
			par.Spread(len(step.slabs), step)
		}
	}
	// Each panel's interchanges, on the columns left of it.
	for j := luBlock; j < mn; j += luBlock {
		swapRows(bi, a, lda, j, ipiv[j:min(j+luBlock, mn)], j)
	}
	return step.ok
}

// luStep is one step of luBlocked: the update of the columns right of the
// panel at column j, jb wide, by slabs, and the factorization of the next
// panel, nextWidth wide at column next, by the first slab.
type luStep struct {
	bi                     blas.Float64
	m, n                   int
	a                      []float64
	lda                    int
	ipiv                   []int
	ok                     bool // no zero pivot so far
	j, jb, next, nextWidth int
	slabs                  []int // slab s has the columns [slabs[s-1] (or next), slabs[s])
}

// factor factors the panel of w columns at column j, rows j to m, and
// turns its interchanges into absolute row numbers.
func (s *luStep) factor(j, w int) {
	piv := s.ipiv[j : j+w]
	if !luRecursive(s.bi, s.m-j, w, s.a[j*s.lda+j:], s.lda, piv) {
		s.ok = false
	}
	for i := range piv {
		piv[i] += j
	}
}

// split returns the slabs' ends for up to threads goroutines: the first
// slab, with the next panel, takes fewer columns, as it also factors it,
// and the rest share the remaining columns in multiples of 8.
func (s *luStep) split(threads int) []int {
	cols := s.n - s.next
	rows := float64(s.m - s.next)
	update := 2*rows*float64(s.jb) + float64(s.jb*s.jb)  // per column
	panel := 2 * rows * float64(s.nextWidth*s.nextWidth) // at half the speed
	work := update*float64(cols) + panel
	parts, _ := par.Split(work, cols, 8, threads)
	if parts == 1 {
		return []int{s.n}
	}
	first := s.next + min(cols, max(s.nextWidth, int((work/float64(parts)-panel)/update)/8*8))
	ends := []int{first}
	for p := 1; p < parts; p++ {
		ends = append(ends, first+(s.n-first)*p/(parts-1))
	}
	return ends
}

func (s *luStep) Slab(part int) {
	c0 := s.next
	if part > 0 {
		c0 = s.slabs[part-1]
	}
	c1 := s.slabs[part]
	if c1 <= c0 {
		return
	}
	bi, a, lda, j, jb, next := s.bi, s.a, s.lda, s.j, s.jb, s.next
	// The panel's interchanges, then U12 = L11⁻¹A12 and A22 -= L21·U12.
	swapRows(bi, a[c0:], lda, c1-c0, s.ipiv[j:j+jb], j)
	bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, jb, c1-c0, 1, a[j*lda+j:], lda, a[j*lda+c0:], lda)
	if next < s.m {
		bi.Dgemm(blas.NoTrans, blas.NoTrans, s.m-next, c1-c0, jb, -1, a[next*lda+j:], lda, a[j*lda+c0:], lda, 1, a[next*lda+c0:], lda)
	}
	if part == 0 && s.nextWidth > 0 {
		s.factor(next, s.nextWidth)
	}
}

// luLeaf is the widest panel that luRecursive factors column by column.
const luLeaf = 8

// luRecursive factors the m×n matrix A (min(m,n) ≥ 1) in place, recording
// in ipiv[:min(m,n)] the interchanges relative to A's first row, and reports
// whether every pivot is nonzero.
func luRecursive(bi blas.Float64, m, n int, a []float64, lda int, ipiv []int) bool {
	switch {
	case n <= luLeaf:
		return luPanel(bi, m, n, a, lda, ipiv)
	case m == 1:
		ipiv[0] = 0
		return a[0] != 0
	}
	// [A11 A12; A21 A22] with A11 n1×n1.
	n1 := min(m, n) / 2
	n2 := n - n1
	ok := luRecursive(bi, m, n1, a, lda, ipiv[:n1])
	swapRows(bi, a[n1:], lda, n2, ipiv[:n1], 0)
	a12 := a[n1:]
	a21 := a[n1*lda:]
	a22 := a[n1*lda+n1:]
	bi.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a, lda, a12, lda)
	bi.Dgemm(blas.NoTrans, blas.NoTrans, m-n1, n2, n1, -1, a21, lda, a12, lda, 1, a22, lda)
	rest := ipiv[n1:min(m, n)]
	if !luRecursive(bi, m-n1, n2, a22, lda, rest) {
		ok = false
	}
	for i := range rest {
		rest[i] += n1
	}
	swapRows(bi, a, lda, n1, rest, n1)
	return ok
}

// luPanel factors the m×w panel A (w ≤ luLeaf) column by column, as
// luRecursive does. It works on a transposed copy, in which each column is
// a contiguous row: pivot searches, scalings and rank-1 updates are then
// unit-stride vector operations.
func luPanel(bi blas.Float64, m, w int, a []float64, lda int, ipiv []int) bool {
	buf := pool.Scratch[float64](w * m)
	defer pool.Release(buf)
	t := (*buf)[:w*m] // t[c*m+i] is A[i][c]
	transpose := dispatch.F64().Transpose
	transpose(m, w, &a[0], lda, &t[0], m)
	ok := true
	for j := range min(m, w) {
		col := t[j*m : (j+1)*m]
		p := j + bi.Idamax(m-j, col[j:], 1)
		ipiv[j] = p
		pivot := col[p]
		if pivot == 0 {
			ok = false // a zero column: nothing to eliminate
			continue
		}
		if p != j {
			for c := range w {
				t[c*m+j], t[c*m+p] = t[c*m+p], t[c*m+j]
			}
		}
		below := col[j+1:]
		if math.Abs(pivot) >= safeMin {
			bi.Dscal(len(below), 1/pivot, below, 1)
		} else { // 1/pivot would overflow
			for i := range below {
				below[i] /= pivot
			}
		}
		for c := j + 1; c < w; c++ {
			row := t[c*m : (c+1)*m]
			bi.Daxpy(len(below), -row[j], below, 1, row[j+1:], 1)
		}
	}
	transpose(w, m, &t[0], m, &a[0], lda)
	return ok
}

// swapRows interchanges, in the first cols columns of A, row first+i with
// row ipiv[i] for each i in order.
func swapRows(bi blas.Float64, a []float64, lda, cols int, ipiv []int, first int) {
	if cols == 0 {
		return
	}
	for i, p := range ipiv {
		if r := first + i; p != r {
			bi.Dswap(cols, a[r*lda:], 1, a[p*lda:], 1)
		}
	}
}
