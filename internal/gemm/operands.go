package gemm

import (
	"unsafe"

	"github.com/simdla/simdla/kernels"
)

// The operands as the kernels take them. A plan gets A's micro-panels
// from its sourceA and B's panels from its sourceB (pack.go), in place or
// packed, and the macro-kernel hands them, with a block of C and a
// prefetch hint, to the kernels a column of tiles at a time.

// span is the range [at, at+n) of rows or columns.
type span struct{ at, n int }

func (s span) end() int { return s.at + s.n }

// steps are the k steps [p0, p0+kc) of one k block, with the beta its
// kernels apply to C: the problem's in the first k block, then 1, adding
// to what the earlier blocks left.
type steps[T kernels.Float] struct {
	p0, kc int
	beta   T
}

// panelsA is a block of op(A)'s rows as the kernels read it, packed or in
// place: element (i, p) of tile t (i < MR, p < kc) at
// a[at + t*next + i*rsa + p*csa].
type panelsA[T kernels.Float] struct {
	a              []T
	at             int
	rsa, csa, next int
}

// from returns the panels from tile t on. (It copies a's fields one by
// one: a copy of the whole struct, just stored, stalls; see plan.macro.)
func (a *panelsA[T]) from(t int) panelsA[T] {
	return panelsA[T]{a: a.a, at: a.at + t*a.next, rsa: a.rsa, csa: a.csa, next: a.next}
}

// rowsB are rows of B as a kernel reads them: element (p, j) at
// b[p*rs + j].
type rowsB[T kernels.Float] struct {
	b  []T
	rs int
}

// howB is how a column of tiles gets its panel of B.
type howB uint8

const (
	// readInPlace: the kernels read B's rows where they lie (small
	// problems, B not transposed).
	readInPlace howB = iota
	// packedByFirstTile: the first tile's kernel, FullWidthPacking, packs
	// the panel as it reads B in place anyway, for the tiles below it and
	// the later blocks of rows. On the convolution shape 64x3136x576 on
	// one thread, where every panel serves only the 64 rows of one block,
	// it is 8-12 % faster than a pass of its own.
	packedByFirstTile
	// packedInPass: packed in a pass of its own before the tiles, where
	// the first tile cannot pack it (B transposed, a partial panel, fewer
	// rows than a tile).
	packedInPass
	// reusePacked: packed by the first block of rows; a later block reuses
	// it.
	reusePacked
)

// panelB is one panel of B, NR wide, for a column of tiles, and how it
// was got: rowsB is where the kernels read it, packed NR wide or B in
// place.
type panelB[T kernels.Float] struct {
	rowsB[T]
	how howB
	// rest is where the half-width kernel reads the columns past the
	// first NR/2 of a partial panel.
	rest rowsB[T]
	// j is the panel's first column of B, which the first tile packs into
	// rowsB as it reads it when how is packedByFirstTile.
	j int
}

// blockC is C from one element on: element (i, j) at c[i*ldc + j].
type blockC[T kernels.Float] struct {
	c   []T
	ldc int
}

// prefetch is the kernels' prefetch hint: step p may prefetch the cache
// line at addr + p*stride*sizeof(T).
type prefetch struct {
	addr   uintptr
	stride int
}

// column is a column of tiles of a block, rows×cols of C with cols <= NR,
// and the panel of B its kernels read with the block's panels of A.
type column[T kernels.Float] struct {
	rows, cols int
	b          panelB[T]
	c          blockC[T]
	pf         prefetch
}

// addr is the address of s's first element, as a prefetch hint.
func addr[T any](s []T) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }

// size is the size of T in bytes.
func size[T any]() uintptr { return unsafe.Sizeof(*new(T)) }
