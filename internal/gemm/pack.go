package gemm

import (
	"unsafe"

	"github.com/simdla/simdla/kernels"
)

// packA copies rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into
// MR-row micro-panels, in the layout op(A)'s storage copies into without a
// transpose (unless the kernels ask for column panels), and returns the
// kernel's strides for it:
//
//   - A not transposed: row panels, element (i, p) of panel q at
//     dst[q*MR*ld + i*ld + p], with ld = rowPanelStride(kc); rsa = ld, csa = 1.
//   - A transposed, or g.ColumnPanels: column panels, element (i, p) of
//     panel q at dst[q*MR*kc + p*MR + i]; rsa = 1, csa = MR.
//
// Rows past mc are zero.
func packA[T kernels.Float](g *kernels.Gemm[T], dst []T, trans bool, a []T, lda, i0, mc, p0, kc int) (rsa, csa int) {
	mr := g.MR
	if !trans && g.ColumnPanels {
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
		return 1, mr
	}
	if trans {
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
		return 1, mr
	}
	ld := rowPanelStride[T](kc)
	for q := 0; q*mr < mc; q++ {
		rows := min(mr, mc-q*mr)
		panel := dst[q*mr*ld : (q+1)*mr*ld]
		for i := range mr {
			d := panel[i*ld : i*ld+kc]
			if i < rows {
				copy(d, a[(i0+q*mr+i)*lda+p0:][:kc])
			} else {
				clear(d)
			}
		}
	}
	return ld, 1
}

// rowPanelStride is the row length of a packed row panel of kc steps:
// rounded up to a cache line and one line more, so that the rows of a
// panel do not all fall into the same few L1 sets.
func rowPanelStride[T any](kc int) int {
	line := 64 / int(unsafe.Sizeof(*new(T)))
	return roundUp(kc, line) + line
}

// packPanelB copies rows [p0, p0+kc) and columns [j0, j0+cols) of op(B),
// cols <= width, into one micro-panel width columns wide (NR, or NR/2 for
// the narrow kernels): element (p, j) at dst[p*width + j]. Columns past
// cols are zero.
func packPanelB[T kernels.Float](g *kernels.Gemm[T], dst []T, trans bool, b []T, ldb, p0, kc, j0, cols, width int) {
	nr := width
	switch {
	case trans:
		g.PackTransposed(cols, kc, &b[j0*ldb+p0], ldb, &dst[0], nr)
	case cols == g.NR:
		g.PackB(kc, &b[p0*ldb+j0], ldb, &dst[0])
		return
	default:
		for p := range kc {
			copy(dst[p*nr:p*nr+cols], b[(p0+p)*ldb+j0:][:cols])
		}
	}
	if cols < nr {
		for p := range kc {
			clear(dst[p*nr+cols : (p+1)*nr])
		}
	}
}
