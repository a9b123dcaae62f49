// Package guard provides memory for tests that must prove a kernel never
// reads or writes outside its slices: an arena between two pages that fault
// on any access, where slices can be placed against either page, and a
// sentinel fill that shows stray writes inside the arena.
package guard

import (
	"fmt"
	"math"
	"unsafe"
)

// Arena is memory between two inaccessible guard pages.
type Arena struct {
	mem  []byte // the whole mapping, guards included
	data []byte // the accessible bytes between the guards
}

// Sentinel is the byte every unused byte of an arena holds.
const Sentinel = 0xA5

// New maps an arena of at least size accessible bytes, rounded up to whole
// pages. It panics if the operating system refuses.
func New(size int) *Arena {
	a, err := newArena(size)
	if err != nil {
		panic(fmt.Sprintf("guard: %v", err))
	}
	for i := range a.data {
		a.data[i] = Sentinel
	}
	return a
}

// Margin is how many bytes on either side of a placed slice Place fills
// with Sentinel and Untouched checks.
const Margin = 256

// Free unmaps the arena; its slices must no longer be used.
func (a *Arena) Free() { free(a) }

// Place returns a slice of n elements starting off elements after the front
// guard page, or, if fromBack is set, ending off elements before the back
// guard page. With off == 0 the first element abuts the front guard (an
// under-read faults) or the last abuts the back guard (an over-read faults).
// The slice's capacity equals its length. Place fills the slice and Margin
// bytes around it with Sentinel.
func Place[T any](a *Arena, n, off int, fromBack bool) []T {
	size := int(unsafe.Sizeof(*new(T)))
	start := off * size
	if fromBack {
		start = len(a.data) - (n+off)*size
	}
	if start < 0 || start+n*size > len(a.data) {
		panic(fmt.Sprintf("guard: %d elements at offset %d do not fit in %d bytes", n, off, len(a.data)))
	}
	for i := max(0, start-Margin); i < min(len(a.data), start+n*size+Margin); i++ {
		a.data[i] = Sentinel
	}
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(a.data)), start)
	return unsafe.Slice((*T)(p), n)
}

// Untouched reports whether the Margin bytes on either side of s, a slice
// Place returned, still hold Sentinel: that nothing wrote near s.
func Untouched[T any](a *Arena, s []T) bool {
	base := uintptr(unsafe.Pointer(unsafe.SliceData(a.data)))
	start := int(uintptr(unsafe.Pointer(unsafe.SliceData(s))) - base)
	end := start + len(s)*int(unsafe.Sizeof(*new(T)))
	for i := max(0, start-Margin); i < start; i++ {
		if a.data[i] != Sentinel {
			return false
		}
	}
	for i := end; i < min(len(a.data), end+Margin); i++ {
		if a.data[i] != Sentinel {
			return false
		}
	}
	return true
}

// pages rounds size up to whole pages of pageSize bytes.
func pages(size, pageSize int) int {
	return int(math.Ceil(float64(max(size, 1))/float64(pageSize))) * pageSize
}
