package conv

import "github.com/simdla/simdla/kernels"

// col2im sets dx, the cg channels of one image and group, to the sum of
// the columns col (crs rows of P*Q, im2col's layout) over the taps that
// read each element: the inverse scatter of im2col. Each element's terms
// are added in the order of the rows (c, r, s), then of the output rows.
func col2im[T Float](v *kernels.Vec[T], t *taps, col, dx []T) {
	clear(dx)
	hw, pq := t.h*t.w, t.p*t.q
	for row := range len(dx) / hw * t.r * t.s {
		c, tap := row/(t.r*t.s), row%(t.r*t.s)
		r, s := tap/t.s, tap%t.s
		lo, hi := t.owLo[s], t.owHi[s]
		if lo == hi {
			continue
		}
		plane := dx[c*hw : (c+1)*hw]
		for oh := t.ohLo[r]; oh < t.ohHi[r]; oh++ {
			src := col[row*pq+oh*t.q+lo : row*pq+oh*t.q+hi]
			at := (oh*t.sh-t.pt+r*t.dh)*t.w - t.pl + s*t.dw + lo*t.sw // dx of output column lo
			if t.sw == 1 {
				v.Axpy(1, src, plane[at:at+hi-lo])
			} else {
				v.AxpyInc(hi-lo, 1, src, 1, plane[at:], t.sw)
			}
		}
	}
}
