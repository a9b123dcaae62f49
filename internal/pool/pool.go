// Package pool keeps buffers and other values for reuse across calls.
// Unlike a sync.Pool it keeps them across garbage collections, so that
// steady use allocates nothing. It depends on nothing else of simdla.
package pool

import (
	"sync"
	"unsafe"
)

// List hands out values of T, reusing returned ones; it never shrinks.
type List[T any] struct {
	sync.Mutex
	free []*T
}

// Get returns a value put back earlier, or a new zero one.
func (l *List[T]) Get() *T {
	l.Lock()
	defer l.Unlock()
	if n := len(l.free); n > 0 {
		v := l.free[n-1]
		l.free = l.free[:n-1]
		return v
	}
	return new(T)
}

// Put keeps v for a later Get; the caller must not use it again.
func (l *List[T]) Put(v *T) {
	l.Lock()
	l.free = append(l.free, v)
	l.Unlock()
}

// Grow makes *s hold at least n elements, starting on a 64-byte (cache
// line) boundary. A slice long enough is left as it is; a shorter one is
// replaced by a zeroed one, its contents dropped.
func Grow[T any](s *[]T, n int) { grow(s, n, 64, 0) }

// GrowAt is Grow for a slice that starts offset bytes (a multiple of 64)
// past a 4096-byte page boundary. Buffers that a kernel reads together are
// given different offsets: on some cores (AMD's Zen) loads from addresses
// equal modulo 4096 slow each other down, by up to three times in GEMM.
func GrowAt[T any](s *[]T, n, offset int) { grow(s, n, 4096, offset) }

// grow replaces a slice shorter than n by one that starts offset bytes past
// a multiple of align.
func grow[T any](s *[]T, n, align, offset int) {
	if len(*s) >= n {
		return
	}
	size := int(unsafe.Sizeof(*new(T)))
	raw := make([]T, n+align/size)
	at := 0
	for int(uintptr(unsafe.Pointer(&raw[at])))%align != offset {
		at++
	}
	*s = raw[at : at+n]
}

// ByType returns f32 or f64, whichever is a *V: in code generic over an
// element type T, float32 or float64, it picks T's instance of state kept
// for each type, V being the type's instance for T.
//
//	var jobs32 List[job[float32]]
//	var jobs64 List[job[float64]]
//	list := ByType[List[job[T]]](&jobs32, &jobs64)
//
// It panics if neither is.
func ByType[V, A, B any](f32 *A, f64 *B) *V {
	if v, ok := any(f32).(*V); ok {
		return v
	}
	return any(f64).(*V)
}

var (
	scratch32 List[[]float32]
	scratch64 List[[]float64]
)

// Scratch returns a buffer of at least n elements of T, whose contents are
// unspecified, for use until Release.
func Scratch[T ~float32 | ~float64](n int) *[]T {
	s := ByType[List[[]T]](&scratch32, &scratch64).Get()
	Grow(s, n)
	return s
}

// Release returns a buffer from Scratch.
func Release[T ~float32 | ~float64](s *[]T) { ByType[List[[]T]](&scratch32, &scratch64).Put(s) }
