package gemm

// packA copies rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into
// mr-row micro-panels: panel q holds rows i0+q*mr ..., with element (i, p)
// at dst[q*mr*kc + p*mr + i]. Rows past mc are zero.
func packA[T any](dst []T, trans bool, a []T, lda, i0, mc, p0, kc, mr int) {
	for q := 0; q*mr < mc; q++ {
		rows := min(mr, mc-q*mr)
		panel := dst[q*mr*kc : (q+1)*mr*kc]
		if trans {
			// op(A)(i, p) = a[p*lda + i]: each step p is a contiguous run.
			for p := range kc {
				src := a[(p0+p)*lda+i0+q*mr:][:rows]
				d := panel[p*mr : (p+1)*mr]
				copy(d, src)
				clear(d[rows:])
			}
			continue
		}
		// op(A)(i, p) = a[i*lda + p]: each row is a contiguous run.
		for i := range rows {
			src := a[(i0+q*mr+i)*lda+p0:][:kc]
			for p, v := range src {
				panel[p*mr+i] = v
			}
		}
		if rows < mr {
			for p := range kc {
				clear(panel[p*mr+rows : (p+1)*mr])
			}
		}
	}
}

// packB copies rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into
// nr-column micro-panels: panel q holds columns j0+q*nr ..., with element
// (p, j) at dst[q*nr*kc + p*nr + j]. Columns past nc are zero.
func packB[T any](dst []T, trans bool, b []T, ldb, p0, kc, j0, nc, nr int) {
	for q := 0; q*nr < nc; q++ {
		cols := min(nr, nc-q*nr)
		panel := dst[q*nr*kc : (q+1)*nr*kc]
		if !trans {
			// op(B)(p, j) = b[p*ldb + j]: each step p is a contiguous run.
			for p := range kc {
				src := b[(p0+p)*ldb+j0+q*nr:][:cols]
				d := panel[p*nr : (p+1)*nr]
				copy(d, src)
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
