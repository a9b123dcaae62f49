package gemm

import (
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// job is a GEMM call in flight on several goroutines, par's Slabs of it;
// jobs are reused.
type job[T kernels.Float] struct {
	pl plan[T]
}

// Slab computes slab part of C.
func (j *job[T]) Slab(part int) { j.pl.slab(part) }

var (
	jobs32 pool.List[job[float32]]
	jobs64 pool.List[job[float64]]
)

// parallel runs the slabs of pl: slab 0 on the calling goroutine, the
// others on par's workers.
func parallel[T kernels.Float](pl *plan[T]) {
	list := pool.ByType[pool.List[job[T]]](&jobs32, &jobs64)
	j := list.Get()
	j.pl = *pl
	par.Spread(pl.parts, j)
	j.pl = plan[T]{} // drop the caller's matrices
	list.Put(j)
}
