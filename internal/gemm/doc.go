// Package gemm is simdla's GEMM engine: C = alpha*op(A)*op(B) + beta*C on
// row-major matrices, with BLIS's five loops around a generated
// micro-kernel.
//
//	jc (NC columns of C) → pc (about KC steps of k, kBlock; pack B into NR-wide panels)
//	  → ic (up to MC rows, evenBlock; pack A into MR-tall panels) → jr (NR) → ir (MR) → kernel
//
// The micro-kernel reads A at any row and column stride, so A packs by
// plain copies of its rows (or, transposed, of its columns), and B's rows
// must be contiguous. The first block of rows packs each panel of B as it
// reaches it, an untransposed one with the first tile's kernel, which
// stores B's rows into the panel as it reads them in place; the other
// blocks reuse the panels. When the problem is small in any dimension, where
// packing costs more than it saves, A and an untransposed B are used in
// place. Rows left over at the bottom of C run on shorter kernels, columns
// left over at the right on half-width ones, and what is left of those
// through a temporary tile from a zero-padded panel of B, so no kernel
// touches memory outside the caller's matrices.
//
// In the code, plan.run holds the jc, pc and ic loops, plan.macro the jr
// loop, and plan.column and plan.tiles the ir loop. The operands travel
// as small values: panelsA (A's micro-panels and their strides), panelB
// (one panel of B, how it was got, howB, and the half panel at the right
// edge), blockC and the kernels' prefetch hint, gathered per column of
// tiles in a column, built in place and passed by pointer (plan.macro
// says why).
//
// Hooks, for operands not stored as matrices (package conv's views of
// images): Problem.PackB replaces B by a packer (im2col); sourceB then
// reports that the kernels cannot read B in place, so that the first block
// of rows packs each panel in a pass (packedInPass) and the others reuse
// it. Problem.SegmentsB gives B in runs of rows, each a constant stride
// apart (the channels one filter tap reads), where a stored B is one run:
// the first tile packs the panel as it reads them (packedByFirstTile), a
// kernel call per run. Problem.RowsA gives A's rows where they lie, which
// packing copies. Problem.Epilogue finishes C: plan.finish hands it each
// block of C once its last k block is done (in row order, each band),
// while it is in L2 or L3, and the small-k path each run of rows it has
// written.
//
// Threads split C into slabs of whole columns (or, for narrow C, rows),
// as many as par.Split finds the work worth, which par.Spread runs on its
// workers; each slab takes a Workspace of pack buffers from a pool while
// it runs. k is never split, and every element of C sees the same
// operations in the same order whatever the number of threads, so results
// are bitwise identical for every thread count. Jobs and workspaces are
// kept and reused, across garbage collections too, as are par's workers: a
// call allocates nothing in steady state.
//
// Callers check arguments: the engine trusts every dimension, stride and
// length.
package gemm
