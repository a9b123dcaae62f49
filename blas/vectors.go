package blas

import (
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// unitVec is a vector of n elements laid out contiguously for the
// kernels: the caller's slice itself at increment 1, else a copy in a
// pooled buffer, gathered in BLAS order (backwards for a negative
// increment).
type unitVec[T kernels.Float] struct {
	v   []T  // the n elements
	buf *[]T // the pooled copy, nil at increment 1
	x   []T  // the caller's slice
	inc int
}

// gather returns x's n elements at increment inc as a unitVec. With read
// unset the copy's contents are left unspecified, for outputs not read.
func gather[T kernels.Float](k *kernels.Vec[T], n int, x []T, inc int, read bool) unitVec[T] {
	if inc == 1 {
		return unitVec[T]{v: x[:n], x: x, inc: 1}
	}
	buf := pool.Scratch[T](n)
	u := unitVec[T]{v: (*buf)[:n], buf: buf, x: x, inc: inc}
	if read {
		k.CopyInc(n, x, inc, u.v, 1)
	}
	return u
}

// scatter writes a copy back to the caller's slice.
func (u *unitVec[T]) scatter(k *kernels.Vec[T]) {
	if u.buf != nil {
		k.CopyInc(len(u.v), u.v, 1, u.x, u.inc)
	}
}

// release returns the copy's buffer to the pool.
func (u *unitVec[T]) release() {
	if u.buf != nil {
		pool.Release(u.buf)
	}
}
