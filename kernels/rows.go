package kernels

// DotFew returns the products of h <= 4 rows of a, lda apart, with x:
// DotRows for four rows, Dot for each of fewer. Rows past h are 0. With h
// rows, a must hold (h-1)*lda+len(x) elements.
func DotFew[T Float](v *Vec[T], h int, x, a []T, lda int) (d [4]T) {
	n := len(x)
	switch {
	case n == 0:
	case h == 4:
		d[0], d[1], d[2], d[3] = v.DotRows(x, a, lda)
	default:
		for r := range h {
			d[r] = v.Dot(x, a[r*lda:r*lda+n])
		}
	}
	return d
}

// AxpyFew adds c[r] times row r of a to y for h <= 4 rows lda apart:
// AxpyRows for four rows, Axpy for each of fewer. With h rows, a must hold
// (h-1)*lda+len(y) elements and must not overlap y.
func AxpyFew[T Float](v *Vec[T], h int, c [4]T, y, a []T, lda int) {
	n := len(y)
	switch {
	case n == 0:
	case h == 4:
		v.AxpyRows(c[0], c[1], c[2], c[3], y, a, lda)
	default:
		for r := range h {
			v.Axpy(c[r], a[r*lda:r*lda+n], y)
		}
	}
}

// ScaleBy sets x = beta*x without reading x when beta == 0 (NaN in x does
// not survive), as BLAS scales C and y; beta == 1 leaves x alone.
func ScaleBy[T Float](v *Vec[T], beta T, x []T) {
	switch beta {
	case 0:
		clear(x)
	case 1:
	default:
		v.Scal(beta, x)
	}
}
