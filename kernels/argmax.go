package kernels

// Index searches run a reduction kernel over blocks of the input and
// remember the first block that holds the best value; then they narrow that
// block to its first sub-block holding it, so that at most searchSubBlock
// elements are ever looked at one by one.
const (
	searchBlock    = 4096
	searchSubBlock = 128
)

// Iamax returns the index of the first of the n elements of x at increment
// incX > 0 with the largest |x[i]|, or -1 if n == 0. NaN follows reference
// BLAS: a NaN first element gives 0, and any later NaN is passed over.
func (k *Vec[T]) Iamax(n int, x []T, incX int) int {
	if n == 0 {
		return -1
	}
	if x[0] != x[0] {
		return 0
	}
	maxAbs := func(from, count int) T {
		if incX == 1 {
			return k.MaxAbs(x[from : from+count])
		}
		return k.MaxAbsInc(count, x[from*incX:], incX)
	}
	best, at := T(-1), 0
	for b := 0; b < n; b += searchBlock {
		if m := maxAbs(b, min(searchBlock, n-b)); m > best {
			best, at = m, b
		}
	}
	isBest := func(v T) bool { return v == best }
	for i := firstSubBlock(at, min(at+searchBlock, n), isBest, maxAbs); ; i++ {
		if isBest(abs(x[i*incX])) {
			return i
		}
	}
}

// Argmax returns the index of the first largest element of x, or of the
// first NaN if x holds one, or -1 if x is empty.
func (k *Vec[T]) Argmax(x []T) int {
	blockMax := func(from, count int) T { return k.Max(x[from : from+count]) }
	best, at := T(0), -1
	for b := 0; b < len(x); b += searchBlock {
		m := blockMax(b, min(searchBlock, len(x)-b))
		if m != m { // the first NaN is in this block
			best, at = m, b
			break
		}
		if at < 0 || m > best {
			best, at = m, b
		}
	}
	if at < 0 {
		return -1
	}
	isBest := func(v T) bool { return v == best || (best != best && v != v) }
	for i := firstSubBlock(at, min(at+searchBlock, len(x)), isBest, blockMax); ; i++ {
		if isBest(x[i]) {
			return i
		}
	}
}

// firstSubBlock returns the start of the first sub-block of [from, to) whose
// reduce value is best. The caller knows that one is.
func firstSubBlock[T Float](from, to int, isBest func(T) bool, reduce func(from, count int) T) int {
	for sub := from; sub < to; sub += searchSubBlock {
		if isBest(reduce(sub, min(searchSubBlock, to-sub))) {
			return sub
		}
	}
	panic("kernels: index search lost its best value")
}
