package gemm

import (
	"unsafe"

	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// smallDim is the size below which a dimension makes a problem small: then
// the operands already laid out for the kernel are used in place.
const smallDim = 32

// useSmallPath enables the in-place path for small problems; benchmarks
// and tests turn it off to compare with, and check, the packed path there.
var useSmallPath = true

// cFlops is what reading and writing one element of C costs, in the time
// of floating-point operations: when k is small, C's memory traffic is the
// work, and two cores move it faster than one.
const cFlops = 16

// plan is how one problem is computed: blocking, which operands are
// packed, and how C is split among goroutines.
type plan[T kernels.Float] struct {
	g          *kernels.Gemm[T]
	p          Problem[T]
	mc, kc, nc int  // blocks; nc spans the problem when B is used in place
	packA      bool // else A is used in place
	packB      bool // else B is used in place, which needs B not transposed
	parts      int  // slabs of C, one goroutine each
	splitN     bool // slabs are of columns, else of rows
	chunk      int  // columns (rows) per slab
}

func newPlan[T kernels.Float](g *kernels.Gemm[T], p *Problem[T]) plan[T] {
	b := blocksFor(g)
	pl := plan[T]{g: g, p: *p, mc: b.mc, kc: kBlock(p.K, b.kc), nc: b.nc, packA: true, packB: true}
	if useSmallPath && min(p.M, p.N, p.K) < smallDim {
		pl.packA, pl.packB = false, p.TransB
	}
	if !pl.packB {
		pl.nc = p.N
	}

	pl.splitN = p.N >= p.M || p.M < 2*g.MR
	unit, extent := g.MR, p.M
	if pl.splitN {
		unit, extent = g.NR, p.N
	}
	flops := (2*float64(p.K) + cFlops) * float64(p.M) * float64(p.N)
	pl.parts, pl.chunk = par.Split(flops, extent, unit, p.Threads)
	return pl
}

// kBlock returns the k block for inner size k: KC, or up to a quarter more
// where that saves a pass over C, split evenly. Every pass loads and stores
// C, and a thin last one does little else: k = 576 with KC = 256 runs as
// 288+288, not 256+256+64. (BLIS's maximum block sizes serve the same end.)
// It depends on k alone, so the sums are the same for every thread count.
func kBlock(k, kc int) int { return evenBlock(k, longestKBlock(kc), 1) }

// longestKBlock is the longest k block kBlock makes from KC = kc.
func longestKBlock(kc int) int { return kc + kc/4 }

// evenBlock returns the block, at most most and a multiple of unit (which
// divides most), that splits extent into as few blocks as most does but of
// even sizes: a thin last block of rows would stream all of B's packed
// panel for a few rows, a thin last k block would load and store C for a
// few steps.
func evenBlock(extent, most, unit int) int {
	blocks := max(1, (extent+most-1)/most)
	return roundUp((extent+blocks-1)/blocks, unit)
}

func roundUp(n, to int) int { return (n + to - 1) / to * to }

// slab computes slab part of C, with a workspace of the pool.
func (pl *plan[T]) slab(part int) {
	ws := workspaces.Get()
	pl.run(part, ws)
	workspaces.Put(ws)
}

// run computes slab part of C with the buffers of ws.
func (pl *plan[T]) run(part int, ws *Workspace) {
	i0, i1, j0, j1 := 0, pl.p.M, 0, pl.p.N
	if pl.splitN {
		j0, j1 = part*pl.chunk, min((part+1)*pl.chunk, pl.p.N)
	} else {
		i0, i1 = part*pl.chunk, min((part+1)*pl.chunk, pl.p.M)
	}
	buf := buffersOf[T](ws, pl.g, pl.mc, pl.kc, pl.nc)
	p := &pl.p
	mcs := evenBlock(i1-i0, pl.mc, pl.g.MR)
	for jc := j0; jc < j1; jc += pl.nc {
		nc := min(pl.nc, j1-jc)
		for pc := 0; pc < p.K; pc += pl.kc {
			kc := min(pl.kc, p.K-pc)
			beta := p.Beta
			if pc > 0 {
				beta = 1
			}
			for ic := i0; ic < i1; ic += mcs {
				mc := min(mcs, i1-ic)
				// The first block of rows packs B's panels as it reaches
				// them, while they are still in cache; the others reuse them.
				pl.macro(buf, ic, mc, pc, kc, jc, nc, beta, pl.packB && ic == i0)
			}
		}
	}
}

// macro runs the micro-kernels over the mc×nc block of C at (ic, jc) for k
// steps [pc, pc+kc), packing each panel of B as it reaches it if packB is
// set: a whole panel of B not transposed with the first tile's kernel,
// which reads B in place anyway (8-12 % faster than a pass of its own on
// the convolution shape 64x3136x576 on one thread, where every panel
// serves only the 64 rows of one block), any other in a pass before its
// tiles.
func (pl *plan[T]) macro(buf *buffers[T], ic, mc, pc, kc, jc, nc int, beta T, packB bool) {
	g, p := pl.g, &pl.p
	mr, nr := g.MR, g.NR
	// A's micro-panels: packed in the layout of A's storage, or in place.
	a, aRsa, aCsa := p.A, 1, p.Lda // in place, A transposed
	panelA := func(ir int) int { return pc*p.Lda + ic + ir }
	switch {
	case pl.packA:
		a = buf.a
		aRsa, aCsa = packA(g, buf.a, p.TransA, p.A, p.Lda, ic, mc, pc, kc)
		panelA = func(ir int) int {
			if aCsa == 1 { // row panels
				return ir * aRsa
			}
			return ir * kc // column panels
		}
	case !p.TransA:
		aRsa, aCsa = p.Lda, 1
		panelA = func(ir int) int { return (ic+ir)*p.Lda + pc }
	}
	next := panelA(mr) - panelA(0) // from one tile's A to the next's
	half := nr / 2
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		b, at, rsb := buf.b, jr*kc, nr
		c, rows, ai := p.C[ic*p.Ldc+jc+jr:], mc, panelA(0)
		switch {
		case packB && !p.TransB && cols == nr && mc >= mr:
			// The first tile packs the panel as it reads it in place.
			g.FullWidthPacking(1, kc, p.Alpha, &a[ai], aRsa, aCsa, next, &p.B[pc*p.Ldb+jc+jr], p.Ldb, &buf.b[at], beta, &c[0], p.Ldc)
			if mc == mr {
				continue
			}
			c, rows, ai = c[mr*p.Ldc:], mc-mr, ai+next
		case packB:
			packPanelB(g, buf.b[at:], p.TransB, p.B, p.Ldb, pc, kc, jc+jr, cols, nr)
		case pl.packB:
		default:
			b, at, rsb = p.B, pc*p.Ldb+jc+jr, p.Ldb
		}
		// The columns past the first half of a partial panel: a packed
		// panel has them zero-padded, but in place they are packed here, so
		// that the narrow kernel's loads stay inside B.
		rest, restRsb := b[at:], rsb
		if cols >= half {
			rest = rest[half:]
		}
		if cols < nr && cols != half && !pl.packB {
			first := jc + jr + cols/half*half
			packPanelB(g, buf.edgeB, false, p.B, p.Ldb, pc, kc, first, jc+jr+cols-first, half)
			rest, restRsb = buf.edgeB, half
		}
		// While the kernels work through this panel, prefetch what comes
		// next: the source of the next panel when packing as they go (its
		// rows lie far apart, where hardware prefetchers do not reach); the
		// next packed panel when reusing them, so that its first tile finds
		// it in cache, not in L3 (dgemm n = 2048 and 4096x4096x64 1.6-2 %
		// faster); else this panel's rows a few steps ahead of its first tile.
		pf, pfs := addr(b[at:])+uintptr(8*rsb)*size[T](), rsb
		switch {
		case jr+nr >= nc:
		case packB && !p.TransB:
			pf, pfs = addr(p.B[pc*p.Ldb+jc+jr+nr:]), p.Ldb
		case pl.packB && !packB:
			pf, pfs = addr(b[at+nr*kc:]), nr
		}
		pl.columns(buf, rows, cols, kc, a, ai, aRsa, aCsa, next, b[at:], rsb, rest, restRsb, beta, c, pf, pfs)
	}
}

// addr is the address of s's first element, as a prefetch hint.
func addr[T any](s []T) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }

// size is the size of T in bytes.
func size[T any]() uintptr { return unsafe.Sizeof(*new(T)) }

// columns computes rows×cols of C, cols <= NR, from B's panel b: with the
// full-width kernels, or the narrow ones for the first NR/2 columns and for
// the rest, from rest, through a temporary tile, so that no kernel writes
// outside C. A's panels start at a[ai], next elements apart.
func (pl *plan[T]) columns(buf *buffers[T], rows, cols, kc int, a []T, ai, rsa, csa, next int, b []T, rsb int, rest []T, restRsb int, beta T, c []T, pf uintptr, pfs int) {
	g, ldc := pl.g, pl.p.Ldc
	mr, half := g.MR, g.NR/2
	switch {
	case cols == g.NR:
		pl.tiles(g.FullWidth, rows, kc, a, ai, rsa, csa, next, b, rsb, beta, c, ldc, pf, pfs)
		return
	case cols >= half:
		pl.tiles(g.HalfWidth, rows, kc, a, ai, rsa, csa, next, b, rsb, beta, c, ldc, pf, pfs)
		c, cols = c[half:], cols-half
		if cols == 0 {
			return
		}
	}
	// A partial narrow tile at the right of C, computed whole into a
	// temporary tile: the kernel computes every element as in a full one.
	tile := buf.tile
	for ir := 0; ir < rows; ir += mr {
		h, cr := min(mr, rows-ir), c[ir*ldc:]
		if beta != 0 {
			for i := range h {
				copy(tile[i*half:i*half+cols], cr[i*ldc:i*ldc+cols])
			}
		}
		pl.tiles(g.HalfWidth, h, kc, a, ai+ir/mr*next, rsa, csa, next, rest, restRsb, beta, tile, half, pf, pfs)
		for i := range h {
			copy(cr[i*ldc:i*ldc+cols], tile[i*half:i*half+cols])
		}
	}
}

// maxSteps bounds the k steps of one kernel call, tiles times k, so that the
// goroutine reaches a preemption point every few tens of microseconds.
const maxSteps = 1 << 14

// tiles computes rows rows of a column of tiles with kernels, FullWidth or
// HalfWidth: the full-height kernel over as many whole tiles as fit, a few at a
// call, then the tallest shorter ones that cover the rest. A's panels start
// at a[ai], next elements apart; pf and pfs are the kernels' prefetch hint.
func (pl *plan[T]) tiles(kernels []kernels.GemmKernel[T], rows, kc int, a []T, ai, rsa, csa, next int, b []T, rsb int, beta T, c []T, ldc int, pf uintptr, pfs int) {
	mr, alpha := pl.g.MR, pl.p.Alpha
	full := rows / mr
	for q, step := 0, max(1, maxSteps/max(kc, 1)); q < full; q += step {
		n := min(step, full-q)
		kernels[mr](n, kc, alpha, &a[ai+q*next], rsa, csa, next, &b[0], rsb, beta, &c[q*mr*ldc], ldc, pf, pfs)
	}
	ai += full * next
	for done := full * mr; done < rows; {
		h := pl.g.Height(rows - done)
		kernels[h](1, kc, alpha, &a[ai+(done-full*mr)*rsa], rsa, csa, next, &b[0], rsb, beta, &c[done*ldc], ldc, pf, pfs)
		done += h
	}
}
