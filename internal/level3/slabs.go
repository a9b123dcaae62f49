package level3

import (
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// triSlabs is a trsm or trmm split into independent slabs of B, one
// goroutine each: from the left, op(A) acts on each column of B alone, so
// the slabs are of columns; from the right, on each row, so they are of
// rows. Every slab runs on one goroutine, the whole recursion included, so
// that the base cases, which are not GEMM, run in parallel too. Each
// element of B sees the same operations as in one piece, whatever the
// number of slabs.
type triSlabs[T kernels.Float] struct {
	run   func(e Engine[T], t Tri[T], m, n int, alpha T, b []T, ldb int)
	e     Engine[T]
	left  bool
	t     Tri[T]
	m, n  int
	alpha T
	b     []T
	ldb   int
	chunk int
}

func (s *triSlabs[T]) Slab(part int) {
	e := s.e
	lo := part * s.chunk
	if s.left {
		s.run(e, s.t, s.m, min(s.chunk, s.n-lo), s.alpha, s.b[lo:], s.ldb)
		return
	}
	s.run(e, s.t, min(s.chunk, s.m-lo), s.n, s.alpha, s.b[lo*s.ldb:], s.ldb)
}

var (
	triSlabs32 pool.List[triSlabs[float32]]
	triSlabs64 pool.List[triSlabs[float64]]
)

// inSlabs runs run (a trsm or trmm for one side) on the m×n matrix b,
// split into slabs of columns (left) or rows (right) when the work is worth
// more than one goroutine.
func (e Engine[T]) inSlabs(run func(e Engine[T], t Tri[T], m, n int, alpha T, b []T, ldb int), left bool, t Tri[T], m, n int, alpha T, b []T, ldb int) {
	flops, extent, unit := float64(m)*float64(m)*float64(n), n, e.Gemm.NR
	if !left {
		flops, extent, unit = float64(m)*float64(n)*float64(n), m, e.Gemm.MR
	}
	parts, chunk := par.Split(flops, extent, unit, e.Threads)
	if parts == 1 {
		run(e, t, m, n, alpha, b, ldb)
		return
	}
	list := pool.ByType[pool.List[triSlabs[T]]](&triSlabs32, &triSlabs64)
	s := list.Get()
	*s = triSlabs[T]{run: run, e: e, left: left, t: t, m: m, n: n, alpha: alpha, b: b, ldb: ldb, chunk: chunk}
	par.Spread(parts, s)
	*s = triSlabs[T]{} // drop the caller's matrices
	list.Put(s)
}
