package blas

// Panic messages, identical to gonum's so that the two are interchangeable.
const (
	zeroIncX     = "blas: zero x index increment"
	zeroIncY     = "blas: zero y index increment"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badTranspose = "blas: illegal transpose"
	badUplo      = "blas: illegal triangle"
	badDiag      = "blas: illegal diagonal"
	badSide      = "blas: illegal side"
	badFlag      = "blas: illegal rotm flag"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortX       = "blas: insufficient length of x"
	shortY       = "blas: insufficient length of y"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// span returns how many elements n elements at increment inc reach.
func span(n, inc int) int {
	if n == 0 {
		return 0
	}
	if inc < 0 {
		inc = -inc
	}
	return 1 + (n-1)*inc
}

// checkPair checks the arguments of a two-vector routine and reports
// whether there is work to do (n > 0).
func checkPair(n, lenX, incX, lenY, incY int) bool {
	if incX == 0 {
		panic(zeroIncX)
	}
	if incY == 0 {
		panic(zeroIncY)
	}
	if n < 0 {
		panic(nLT0)
	}
	if lenX < span(n, incX) {
		panic(shortX)
	}
	if lenY < span(n, incY) {
		panic(shortY)
	}
	return n > 0
}

// checkOne checks the arguments of a one-vector routine and reports whether
// there is work to do: n > 0 and incX > 0, since reference BLAS does nothing
// for a negative increment.
func checkOne(n, lenX, incX int) bool {
	if incX == 0 {
		panic(zeroIncX)
	}
	if n < 0 {
		panic(nLT0)
	}
	if incX < 0 {
		return false
	}
	if lenX < span(n, incX) {
		panic(shortX)
	}
	return n > 0
}
