//go:build unix

package guard

import (
	"os"
	"syscall"
)

// guarded reports whether the arenas have faulting guard pages.
const guarded = true

func newArena(size int) (*Arena, error) {
	page := os.Getpagesize()
	size = pages(size, page)
	mem, err := syscall.Mmap(-1, 0, size+2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	for _, g := range [][]byte{mem[:page], mem[page+size:]} {
		if err := syscall.Mprotect(g, syscall.PROT_NONE); err != nil {
			syscall.Munmap(mem)
			return nil, err
		}
	}
	return &Arena{mem: mem, data: mem[page : page+size : page+size]}, nil
}

func free(a *Arena) { syscall.Munmap(a.mem) }
