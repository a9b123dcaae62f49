//go:build !unix

package guard

// Without mmap the arena is ordinary memory: the sentinel checks still find
// stray writes, but nothing faults on an over-read.
// guarded reports whether the arenas have faulting guard pages.
const guarded = false

func newArena(size int) (*Arena, error) {
	data := make([]byte, pages(size, 4096))
	return &Arena{mem: data, data: data}, nil
}

func free(*Arena) {}
