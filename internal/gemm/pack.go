package gemm

import "unsafe"

// packA copies rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into
// mr-row micro-panels, in the layout op(A)'s storage copies into without a
// transpose, and returns the kernel's strides for it:
//
//   - A not transposed: row panels, element (i, p) of panel q at
//     dst[q*mr*ld + i*ld + p], with ld = rowPanelStride(kc); rsa = ld, csa = 1.
//   - A transposed: column panels, element (i, p) of panel q at
//     dst[q*mr*kc + p*mr + i]; rsa = 1, csa = mr.
//
// Rows past mc are zero.
func packA[T any](dst []T, trans bool, a []T, lda, i0, mc, p0, kc, mr int) (rsa, csa int) {
	if trans {
		for q := 0; q*mr < mc; q++ {
			rows := min(mr, mc-q*mr)
			panel := dst[q*mr*kc : (q+1)*mr*kc]
			for p := range kc {
				d := panel[p*mr : (p+1)*mr]
				copy(d, a[(p0+p)*lda+i0+q*mr:][:rows])
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

// packB copies rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into
// nr-column micro-panels: panel q holds columns j0+q*nr ..., with element
// (p, j) at dst[q*nr*kc + p*nr + j]. Columns past nc are zero.
func packB[T any](dst []T, trans bool, b []T, ldb, p0, kc, j0, nc, nr int) {
	for q := 0; q*nr < nc; q++ {
		cols := min(nr, nc-q*nr)
		panel := dst[q*nr*kc : (q+1)*nr*kc]
		if !trans && cols == nr {
			copyRows(panel, b[p0*ldb+j0+q*nr:], ldb, kc, nr)
			continue
		}
		if !trans {
			// op(B)(p, j) = b[p*ldb + j]: each step p is a contiguous run.
			for p := range kc {
				d := panel[p*nr : (p+1)*nr]
				copy(d, b[(p0+p)*ldb+j0+q*nr:][:cols])
				clear(d[cols:])
			}
			continue
		}
		// op(B)(p, j) = b[j*ldb + p]: each column is a contiguous run.
		for j := range cols {
			src := b[(j0+q*nr+j)*ldb+p0:][:kc]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
		if cols < nr {
			for p := range kc {
				clear(panel[p*nr+cols : (p+1)*nr])
			}
		}
	}
}

// copyRows copies rows runs of n elements, src's at stride ld, into dst
// back to back. Runs of the micro-kernels' NR are copied as arrays, which
// the compiler moves inline instead of calling memmove for every run.
func copyRows[T any](dst, src []T, ld, rows, n int) {
	switch n {
	case 8:
		for r := range rows {
			*(*[8]T)(dst[r*8:]) = *(*[8]T)(src[r*ld:])
		}
	case 16:
		for r := range rows {
			*(*[16]T)(dst[r*16:]) = *(*[16]T)(src[r*ld:])
		}
	case 32:
		for r := range rows {
			*(*[32]T)(dst[r*32:]) = *(*[32]T)(src[r*ld:])
		}
	default:
		for r := range rows {
			copy(dst[r*n:(r+1)*n], src[r*ld:][:n])
		}
	}
}
