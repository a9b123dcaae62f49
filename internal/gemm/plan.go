package gemm

import (
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// smallDim is the size below which a dimension makes a problem small: then
// the operands already laid out for the kernel are used in place.
const smallDim = 32

// useSmallPath enables the in-place path for small problems; benchmarks
// and tests turn it off to compare with, and check, the packed path there.
var useSmallPath = true

// maxSmallK is the largest k that the small-k kernel computes (Gemm.SmallK,
// which streams C by rows), where C's traffic is the work: on an AMD EPYC
// Zen 5 (AVX-512) at 1024x1024, one thread, it ran k = 1, 2 and 4 5.8-7.7
// times as fast as the micro-kernels' columns of tiles, k = 8 1.8-3.9
// times, and k = 16 0.6 (float64) to 1.3 (float32) times.
const maxSmallK = 8

// rowOrderBytes is the size of C above which a problem of one k block
// runs its tiles in row order: a band of MR rows across every panel of B,
// then the next, rather than a column of tiles down each panel. There C is
// read and written once, from memory, and its traffic is the cost: a
// column of tiles jumps MR rows of C (a page, on wide C) at every tile,
// where a band streams MR rows in memory order. On the Zen 5, one thread,
// 4096x4096x64 ran 1.6-1.75 times as fast in row order (float64; float32
// 1.5-1.7), though each kernel call then computes one tile; with C in L3
// (576x3136x64 TN, 14 MiB in float64, and 256x784x64 TN) the calls cost
// more than the order saves (0.89-0.99), so C must be larger than a
// server's L3 slice. Tests lower it, to check row order on small problems.
var rowOrderBytes = 16 << 20

// cFlops is what reading and writing one element of C costs, in the time
// of floating-point operations: when k is small, C's memory traffic is the
// work, and two cores move it faster than one.
const cFlops = 16

// plan is how one problem is computed: blocking, where the operands come
// from and which are packed, and how C is split among goroutines.
type plan[T kernels.Float] struct {
	g           *kernels.Gemm[T]
	m, n, k     int
	alpha, beta T
	a           sourceA[T]
	b           sourceB[T]
	c           blockC[T]
	ep          Epilogue[T]
	mc, kc, nc  int  // blocks; nc spans the problem when B is used in place
	packA       bool // else A is used in place
	packB       bool // else B is used in place, which needs B not transposed
	smallK      bool // k is at most maxSmallK: the small-k kernel computes C
	rowOrder    bool // one k block and C beyond rowOrderBytes: tiles run by bands of rows
	parts       int  // slabs of C, one goroutine each
	splitN      bool // slabs are of columns, else of rows
	chunk       int  // columns (rows) per slab
}

func newPlan[T kernels.Float](g *kernels.Gemm[T], p *Problem[T]) plan[T] {
	b := blocksFor(g)
	pl := plan[T]{g: g, m: p.M, n: p.N, k: p.K, alpha: p.Alpha, beta: p.Beta,
		a: sourceA[T]{a: p.A, lda: p.Lda, trans: p.TransA && p.RowsA == nil, rows: p.RowsA},
		b: sourceB[T]{b: p.B, ldb: p.Ldb, trans: p.TransB, packer: p.PackB, segs: p.SegmentsB},
		c: blockC[T]{c: p.C, ldc: p.Ldc}, ep: p.Epilogue,
		mc: b.mc, kc: kBlock(p.K, b.kc), nc: b.nc, packA: true, packB: true}
	if useSmallPath && min(p.M, p.N, p.K) < smallDim {
		pl.packA, pl.packB = !pl.a.readable(), !pl.b.readable()
	}
	pl.smallK = p.K <= maxSmallK && pl.a.readable()
	pl.rowOrder = pl.kc == p.K && p.M*p.N*int(size[T]()) > rowOrderBytes
	if !pl.packB {
		pl.nc = p.N
	}

	// Slabs of whole rows keep the small-k kernel's and the row order's
	// walks over C in memory order: slabs of half rows (a page each, at n =
	// 1024 in float64) ran an outer product on two threads at a quarter of
	// one thread's speed, and 4096x4096x64 on two threads went from 148 to
	// 158-168 GFLOP/s (float64) and 247 to 308-354 (float32) in whole rows.
	pl.splitN = (p.N >= p.M && !pl.smallK && !pl.rowOrder) || p.M < 2*g.MR
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
	rows, cols := span{0, pl.m}, span{0, pl.n}
	if pl.splitN {
		cols = span{part * pl.chunk, min(pl.chunk, pl.n-part*pl.chunk)}
	} else {
		rows = span{part * pl.chunk, min(pl.chunk, pl.m-part*pl.chunk)}
	}
	if pl.smallK {
		pl.runSmallK(rows, cols, buffersOf[T](ws, pl.g, pl.mc, pl.kc, pl.nc))
		return
	}
	bl := block[T]{buf: buffersOf[T](ws, pl.g, pl.mc, pl.kc, pl.nc)}
	mcs := evenBlock(rows.n, pl.mc, pl.g.MR)
	for jc := cols.at; jc < cols.end(); jc += pl.nc {
		bl.cols = span{jc, min(pl.nc, cols.end()-jc)}
		for pc := 0; pc < pl.k; pc += pl.kc {
			bl.ks = steps[T]{p0: pc, kc: min(pl.kc, pl.k-pc), beta: pl.beta}
			if pc > 0 {
				bl.ks.beta = 1
			}
			for ic := rows.at; ic < rows.end(); ic += mcs {
				bl.rows = span{ic, min(mcs, rows.end()-ic)}
				// The first block of rows packs B's panels as it reaches
				// them, while they are still in cache; the others reuse them.
				bl.first = ic == rows.at
				pl.macro(&bl)
			}
		}
	}
}

// block is a block of C, rows×cols, over one k block: the macro-kernel's
// work. (It holds no pointer to the plan, which lives on the caller's
// stack: the kernels' pointers into A make the escape analysis send
// whatever a block points to to the heap.)
type block[T kernels.Float] struct {
	buf        *buffers[T]
	rows, cols span
	ks         steps[T]
	first      bool       // the first block of rows of its slab and k block
	a          panelsA[T] // A's panels of the block's rows and k steps
}

// macro runs the micro-kernels over the block, a column of tiles for each
// panel of B, or in row order a band of MR rows at a time.
//
// The operands are built in place, field by field, and passed by pointer:
// a struct copied just after its fields were stored, as a function's
// result or a composite literal, stalls the copy's wide loads until the
// stores retire, and a few such copies cost 10 % of a call of n = 16.
func (pl *plan[T]) macro(bl *block[T]) {
	if pl.packA {
		bl.a.a, bl.a.at = bl.buf.a, 0
		bl.a.rsa, bl.a.csa, bl.a.next = pl.a.packInto(pl.g, bl.buf.a, bl.rows, bl.ks)
	} else {
		pl.a.inPlace(&bl.a, pl.g.MR, bl.rows, bl.ks)
	}
	if !pl.rowOrder {
		pl.band(bl, 0, bl.rows.n)
		pl.finish(bl, 0, bl.rows.n)
		return
	}
	// The first band packs B's panels; the others reuse them.
	mr, whole, first := pl.g.MR, bl.a, bl.first
	for ir := 0; ir < bl.rows.n; ir += mr {
		bl.a, bl.first = whole.from(ir/mr), first && ir == 0
		rows := min(mr, bl.rows.n-ir)
		pl.band(bl, ir, rows)
		pl.finish(bl, ir, rows)
	}
}

// finish passes the rows [ir, ir+rows) of the block to the epilogue, if
// there is one and the block's k steps are the last. The block's C is
// then final, and still in L2 or L3: with the k steps of one block of
// columns behind it, a pass over it costs a few percent of their time,
// where finishing each column of tiles as it is done would call the
// epilogue for every row of every tile, NR elements at a time.
func (pl *plan[T]) finish(bl *block[T], ir, rows int) {
	if pl.ep == nil || bl.ks.p0+bl.ks.kc < pl.k {
		return
	}
	i, j, ldc := bl.rows.at+ir, bl.cols.at, pl.c.ldc
	pl.ep.Finish(pl.c.c[i*ldc+j:], ldc, i, j, rows, bl.cols.n)
}

// band runs the rows [ir, ir+rows) of the block, whose A panels bl.a
// holds, as a column of tiles for each panel of B.
func (pl *plan[T]) band(bl *block[T], ir, rows int) {
	nr, ldc := pl.g.NR, pl.c.ldc
	var col column[T]
	for jr := 0; jr < bl.cols.n; jr += nr {
		col.rows, col.cols = rows, min(nr, bl.cols.n-jr)
		col.c.c, col.c.ldc = pl.c.c[(bl.rows.at+ir)*ldc+bl.cols.at+jr:], ldc
		pl.panelB(bl, &col.b, jr, col.cols)
		col.pf = pl.prefetch(bl, jr, &col.b)
		pl.column(bl, &col)
	}
}

// panelB sets b to the panel of B for the column of tiles of bl at jr,
// cols wide, got the first of these ways that applies: readInPlace on a
// small problem, reusePacked after the first block of rows,
// packedByFirstTile where the first tile can pack it, else packedInPass.
func (pl *plan[T]) panelB(bl *block[T], b *panelB[T], jr, cols int) {
	g, kc := pl.g, bl.ks.kc
	j := bl.cols.at + jr
	src, _ := pl.b.inPlace(bl.ks.p0, j)
	b.b, b.rs = bl.buf.b[jr*kc:], g.NR // its place among the packed panels
	switch {
	case !pl.packB:
		b.b, b.rs, b.how = src.b, src.rs, readInPlace
	case !bl.first:
		b.how = reusePacked
	case pl.b.inRuns() && cols == g.NR && bl.rows.n >= g.MR:
		b.how, b.j = packedByFirstTile, j
	default:
		pl.b.packInto(g, b.b, bl.ks, span{j, cols}, g.NR)
		b.how = packedInPass
	}
	// The columns past the first half of a partial panel: a packed panel
	// has them zero-padded, but in place they are packed here, so that the
	// half-width kernel's loads stay inside B.
	half := g.NR / 2
	b.rest.b, b.rest.rs = b.b, b.rs
	if cols >= half {
		b.rest.b = b.b[half:]
	}
	if cols < g.NR && cols != half && b.how == readInPlace {
		first := j + cols/half*half
		pl.b.packInto(g, bl.buf.edgeB, bl.ks, span{first, j + cols - first}, half)
		b.rest.b, b.rest.rs = bl.buf.edgeB, half
	}
}

// prefetch returns the prefetch hint for the kernels of the column of
// tiles of bl at jr, whose panel is b. While the kernels work through this
// panel, they prefetch what comes next: the source of the next panel when
// packing as they go (its rows lie far apart, where hardware prefetchers
// do not reach); the next packed panel when reusing them, so that its
// first tile finds it in cache, not in L3 (dgemm n = 2048 and 4096x4096x64
// 1.6-2 % faster); else this panel's rows a few steps ahead of its first
// tile.
func (pl *plan[T]) prefetch(bl *block[T], jr int, b *panelB[T]) prefetch {
	nr := pl.g.NR
	if jr+nr < bl.cols.n {
		switch b.how {
		case packedByFirstTile, packedInPass:
			if next, ok := pl.b.inPlace(bl.ks.p0, bl.cols.at+jr+nr); ok {
				return prefetch{addr: addr(next.b), stride: next.rs}
			}
		case reusePacked:
			return prefetch{addr: addr(bl.buf.b[(jr+nr)*bl.ks.kc:]), stride: nr}
		}
	}
	return prefetch{addr: addr(b.b) + uintptr(8*b.rs)*size[T](), stride: b.rs}
}

// column computes the column of tiles col of bl: with the full-width
// kernels, or the half-width ones for the first NR/2 columns and for the
// rest, from col.b.rest, through a temporary tile, so that no kernel
// writes outside C. With packedByFirstTile, the first tile's kernel packs
// B's panel.
//
// Every kernel that writes C runs here: when bl's k steps are the last
// (bl.ks.p0+bl.ks.kc == pl.k), the column's tiles of C are final once
// column returns, and still in cache.
func (pl *plan[T]) column(bl *block[T], col *column[T]) {
	g, a := pl.g, &bl.a
	mr, half := g.MR, g.NR/2
	if col.b.how == packedByFirstTile {
		// The first tile packs the panel as it reads it in place.
		c := &col.c
		pl.firstTile(bl, col)
		if col.rows == mr {
			return
		}
		below := a.from(1)
		col.rows, c.c = col.rows-mr, c.c[mr*c.ldc:]
		pl.tiles(bl, g.FullWidth, col, &below, &col.b.rowsB)
		return
	}
	switch {
	case col.cols == g.NR:
		pl.tiles(bl, g.FullWidth, col, a, &col.b.rowsB)
		return
	case col.cols >= half:
		pl.tiles(bl, g.HalfWidth, col, a, &col.b.rowsB)
		col.c.c, col.cols = col.c.c[half:], col.cols-half
		if col.cols == 0 {
			return
		}
	}
	// A partial half-width tile at the right of C, computed whole into a
	// temporary tile: the kernel computes every element as in a full one.
	var tile column[T]
	tile.c.c, tile.c.ldc, tile.pf = bl.buf.tile, half, col.pf
	cols, c, ldc, t := col.cols, col.c.c, col.c.ldc, bl.buf.tile
	for ir := 0; ir < col.rows; ir += mr {
		h, cr := min(mr, col.rows-ir), c[ir*ldc:]
		if bl.ks.beta != 0 {
			for i := range h {
				copy(t[i*half:i*half+cols], cr[i*ldc:i*ldc+cols])
			}
		}
		tile.rows = h
		at := a.from(ir / mr)
		pl.tiles(bl, g.HalfWidth, &tile, &at, &col.b.rest)
		for i := range h {
			copy(cr[i*ldc:i*ldc+cols], t[i*half:i*half+cols])
		}
	}
}

// firstTile computes the first tile of col, packing its panel as it reads
// B where it lies: a call of FullWidthPacking per run of B's rows (one for
// a stored B), each adding to what the ones before left in the tile.
func (pl *plan[T]) firstTile(bl *block[T], col *column[T]) {
	g, a, c, nr := pl.g, &bl.a, &col.c, pl.g.NR
	for p := 0; p < bl.ks.kc; {
		b, ldb, run := pl.b.run(bl.ks.p0 + p)
		run = min(run, bl.ks.kc-p)
		beta := bl.ks.beta
		if p > 0 {
			beta = 1
		}
		g.FullWidthPacking(1, run, pl.alpha, &a.a[a.at+p*a.csa], a.rsa, a.csa, a.next, &b[col.b.j], ldb, &col.b.b[p*nr], beta, &c.c[0], c.ldc)
		p += run
	}
}

// maxSteps bounds the k steps of one kernel call, tiles times k, so that the
// goroutine reaches a preemption point every few tens of microseconds.
const maxSteps = 1 << 14

// tiles computes the col.rows rows of col, a column of tiles of bl, from
// A's panels a and B's rows b with kernels, FullWidth or HalfWidth: the
// full-height kernel over as many whole tiles as fit, a few at a call, then
// the tallest shorter ones that cover the rest. With A in place, whose
// rows any tile can start at, a last whole tile and a few rows left run
// as two tiles of half their height where a kernel has it: 16 rows as 8+8
// on AVX-512 rather than 14+2, whose 2-row tile's four accumulators wait
// on the FMA's latency at every step (LeNet-5's second layer forward, 16
// output channels, batch 64, one thread: 386-390 → 375-376 µs).
func (pl *plan[T]) tiles(bl *block[T], kernels []kernels.GemmKernel[T], col *column[T], a *panelsA[T], b *rowsB[T]) {
	mr, alpha, kc, beta := pl.g.MR, pl.alpha, bl.ks.kc, bl.ks.beta
	c, pf := &col.c, &col.pf
	full, h := col.rows/mr, 0
	if rest := col.rows % mr; !pl.packA && full > 0 && rest > 0 && (mr+rest)%2 == 0 && kernels[(mr+rest)/2] != nil {
		full, h = full-1, (mr+rest)/2
	}
	for q, step := 0, max(1, maxSteps/max(kc, 1)); q < full; q += step {
		n := min(step, full-q)
		kernels[mr](n, kc, alpha, &a.a[a.at+q*a.next], a.rsa, a.csa, a.next, &b.b[0], b.rs, beta, &c.c[q*mr*c.ldc], c.ldc, pf.addr, pf.stride)
	}
	at := a.at + full*a.next
	for done := full * mr; done < col.rows; {
		if h == 0 || done+h > col.rows {
			h = pl.g.Height(col.rows - done)
		}
		kernels[h](1, kc, alpha, &a.a[at+(done-full*mr)*a.rsa], a.rsa, a.csa, a.next, &b.b[0], b.rs, beta, &c.c[done*c.ldc], c.ldc, pf.addr, pf.stride)
		done += h
	}
}
