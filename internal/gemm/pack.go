package gemm

import (
	"math"
	"unsafe"

	"github.com/simdla/simdla/kernels"
)

// sourceA is where a plan gets A's micro-panels: op(A) as the caller
// stores it, read in place or packed into the workspace, or the caller's
// rows.
type sourceA[T kernels.Float] struct {
	a     []T
	lda   int
	trans bool
	rows  ARows[T]
}

// readable reports whether the kernels can read A where it lies: not where
// only the caller's rows have it.
func (s *sourceA[T]) readable() bool { return s.rows == nil }

// row returns op(A)'s row i, not transposed, from k step p0 on: kc elements.
func (s *sourceA[T]) row(i, p0, kc int) []T {
	if s.rows != nil {
		return s.rows.RowA(i, p0, kc)[:kc]
	}
	return s.a[i*s.lda+p0:][:kc]
}

// inPlace sets a to op(A)'s rows and k steps ks where they lie, in tiles
// of mr rows: the kernels read A at any row and column stride.
func (s *sourceA[T]) inPlace(a *panelsA[T], mr int, rows span, ks steps[T]) {
	if s.trans {
		a.a, a.at, a.rsa, a.csa, a.next = s.a, ks.p0*s.lda+rows.at, 1, s.lda, mr
		return
	}
	a.a, a.at, a.rsa, a.csa, a.next = s.a, rows.at*s.lda+ks.p0, s.lda, 1, mr*s.lda
}

// packInto copies op(A)'s rows r and k steps ks into MR-row micro-panels
// in dst, in the layout op(A)'s storage copies into without a transpose
// (unless the kernels ask for column panels), and returns the kernels'
// strides for them (from one tile's panel to the next's: next):
//
// A from rows (ARows) packs as A not transposed does, element by element
// into column panels.
//
//   - A not transposed: row panels, element (i, p) of panel q at
//     dst[q*MR*ld + i*ld + p], with ld = rowPanelStride(kc); rsa = ld, csa = 1, next = MR*ld.
//   - A transposed, or g.ColumnPanels: column panels, element (i, p) of
//     panel q at dst[q*MR*kc + p*MR + i]; rsa = 1, csa = MR, next = MR*kc.
//
// Rows past r.n are zero.
func (s *sourceA[T]) packInto(g *kernels.Gemm[T], dst []T, r span, ks steps[T]) (rsa, csa, next int) {
	mr, a, lda, i0, mc, p0, kc := g.MR, s.a, s.lda, r.at, r.n, ks.p0, ks.kc
	if s.rows != nil && g.ColumnPanels {
		for q := 0; q*mr < mc; q++ {
			panel := dst[q*mr*kc : (q+1)*mr*kc]
			for i := range mr {
				if q*mr+i >= mc {
					for p := range kc {
						panel[p*mr+i] = 0
					}
					continue
				}
				for p, v := range s.row(i0+q*mr+i, p0, kc) {
					panel[p*mr+i] = v
				}
			}
		}
		return 1, mr, mr * kc
	}
	if !s.trans && g.ColumnPanels {
		for q := 0; q*mr < mc; q++ {
			rows := min(mr, mc-q*mr)
			panel := dst[q*mr*kc : (q+1)*mr*kc]
			g.PackTransposed(rows, kc, &a[(i0+q*mr)*lda+p0], lda, &panel[0], mr)
			if rows < mr {
				for p := range kc {
					clear(panel[p*mr+rows : (p+1)*mr])
				}
			}
		}
		return 1, mr, mr * kc
	}
	if s.trans {
		for q := 0; q*mr < mc; q++ {
			rows := min(mr, mc-q*mr)
			panel := dst[q*mr*kc : (q+1)*mr*kc]
			src := a[p0*lda+i0+q*mr:]
			if rows == mr {
				g.PackA(kc, &src[0], lda, &panel[0])
				continue
			}
			for p := range kc {
				d := panel[p*mr : (p+1)*mr]
				copy(d, src[p*lda:][:rows])
				clear(d[rows:])
			}
		}
		return 1, mr, mr * kc
	}
	ld := rowPanelStride[T](kc)
	for q := 0; q*mr < mc; q++ {
		rows := min(mr, mc-q*mr)
		panel := dst[q*mr*ld : (q+1)*mr*ld]
		for i := range mr {
			d := panel[i*ld : i*ld+kc]
			if i < rows {
				copy(d, s.row(i0+q*mr+i, p0, kc))
			} else {
				clear(d)
			}
		}
	}
	return ld, 1, mr * ld
}

// rowPanelStride is the row length of a packed row panel of kc steps:
// rounded up to a cache line and one line more, so that the rows of a
// panel do not all fall into the same few L1 sets.
func rowPanelStride[T any](kc int) int {
	line := 64 / int(unsafe.Sizeof(*new(T)))
	return roundUp(kc, line) + line
}

// sourceB is where a plan gets the panels of B: op(B) as the caller stores
// it, read in place or packed into the workspace, or the caller's packer.
type sourceB[T kernels.Float] struct {
	b      []T
	ldb    int
	trans  bool
	packer BPacker[T]
	segs   BSegments[T]
}

// readable reports whether the kernels can read B where it lies: B's rows
// must be contiguous and a constant stride apart, so not when B is
// transposed, in runs, or only a packer has it.
func (s *sourceB[T]) readable() bool { return !s.trans && s.packer == nil && s.segs == nil }

// inRuns reports whether B's rows lie in memory, in runs a constant stride
// apart (run): a stored B not transposed is one run, a BSegments B has
// many. The first tile of a column can then pack the panel as it reads B.
func (s *sourceB[T]) inRuns() bool { return !s.trans && s.packer == nil }

// run returns the run of B's rows that holds row p, from that row on: row
// p+i is b[i*ldb:] for i < n. A stored B is one run, to its end.
func (s *sourceB[T]) run(p int) (b []T, ldb, n int) {
	if s.segs != nil {
		return s.segs.SegmentB(p)
	}
	return s.b[p*s.ldb:], s.ldb, math.MaxInt
}

// inPlace returns B's rows from k step p0 on at column j as they lie, and
// whether the kernels can read them there (readable).
func (s *sourceB[T]) inPlace(p0, j int) (rowsB[T], bool) {
	if !s.readable() {
		return rowsB[T]{}, false
	}
	return rowsB[T]{b: s.b[p0*s.ldb+j:], rs: s.ldb}, true
}

// packInto copies op(B)'s k steps ks and columns cols, cols.n <= width,
// into one micro-panel width columns wide (NR, or NR/2 for the half-width
// kernels): element (p, j) at dst[p*width + j]. Columns past cols.n are
// zero.
func (s *sourceB[T]) packInto(g *kernels.Gemm[T], dst []T, ks steps[T], cols span, width int) {
	p0, kc, j0, n := ks.p0, ks.kc, cols.at, cols.n
	switch {
	case s.packer != nil:
		s.packer.PackB(dst[:kc*width], p0, kc, j0, n, width)
	case s.trans:
		g.PackTransposed(n, kc, &s.b[j0*s.ldb+p0], s.ldb, &dst[0], width)
		if n < width {
			for p := range kc {
				clear(dst[p*width+n : (p+1)*width])
			}
		}
	default:
		for p := 0; p < kc; {
			b, ldb, run := s.run(p0 + p)
			run = min(run, kc-p)
			if n == g.NR {
				g.PackB(run, &b[j0], ldb, &dst[p*width])
			} else {
				for i := range run {
					d := dst[(p+i)*width : (p+i+1)*width]
					copy(d[:n], b[i*ldb+j0:])
					clear(d[n:])
				}
			}
			p += run
		}
	}
}
