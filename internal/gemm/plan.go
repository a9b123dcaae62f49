package gemm

import (
	"github.com/simdla/simdla/kernels"
)

// smallDim is the size below which a dimension makes a problem small: then
// the operands already laid out for the kernel are used in place.
const smallDim = 32

// minPartFlops is the least work worth a goroutine of its own, about 25 µs
// of one core.
const minPartFlops = 1 << 21

// plan is how one problem is computed: blocking, which operands are
// packed, and how C is split among goroutines.
type plan[T kernels.Float] struct {
	g          *kernels.Gemm[T]
	p          Problem[T]
	mc, kc, nc int  // blocks; mc (nc) spans the problem when A (B) is used in place
	packA      bool // else A is used in place
	packB      bool // else B is used in place, which needs B not transposed
	parts      int  // slabs of C, one goroutine each
	splitN     bool // slabs are of columns, else of rows
	chunk      int  // columns (rows) per slab
}

func newPlan[T kernels.Float](g *kernels.Gemm[T], p *Problem[T], threads int) plan[T] {
	b := blocksFor(g)
	pl := plan[T]{g: g, p: *p, mc: b.mc, kc: b.kc, nc: b.nc, packA: true, packB: true}
	if min(p.M, p.N, p.K) < smallDim {
		pl.packA, pl.packB = false, p.TransB
	}
	if !pl.packA {
		pl.mc = p.M
	}
	if !pl.packB {
		pl.nc = p.N
	}

	parts := min(threads, int(2*float64(p.M)*float64(p.N)*float64(p.K)/minPartFlops))
	pl.splitN = p.N >= p.M || p.M < 2*g.MR
	unit, extent := g.MR, p.M
	if pl.splitN {
		unit, extent = g.NR, p.N
	}
	parts = max(1, min(parts, (extent+unit-1)/unit))
	// Whole tiles per slab, and no empty slabs.
	pl.chunk = roundUp((extent+parts-1)/parts, unit)
	pl.parts = (extent + pl.chunk - 1) / pl.chunk
	return pl
}

func roundUp(n, to int) int { return (n + to - 1) / to * to }

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
	for jc := j0; jc < j1; jc += pl.nc {
		nc := min(pl.nc, j1-jc)
		for pc := 0; pc < p.K; pc += pl.kc {
			kc := min(pl.kc, p.K-pc)
			beta := p.Beta
			if pc > 0 {
				beta = 1
			}
			if pl.packB {
				packB(buf.b, p.TransB, p.B, p.Ldb, pc, kc, jc, nc, pl.g.NR)
			}
			for ic := i0; ic < i1; ic += pl.mc {
				mc := min(pl.mc, i1-ic)
				pl.macro(buf, ic, mc, pc, kc, jc, nc, beta)
			}
		}
	}
}

// macro runs the micro-kernel over the mc×nc block of C at (ic, jc) for k
// steps [pc, pc+kc).
func (pl *plan[T]) macro(buf *buffers[T], ic, mc, pc, kc, jc, nc int, beta T) {
	g, p := pl.g, &pl.p
	mr, nr := g.MR, g.NR
	// A's micro-panel ir: packed, or in place with its partial bottom panel
	// packed, in the layout of A's storage either way.
	var aRsa, aCsa, edgeRsa, edgeCsa int
	if pl.packA {
		aRsa, aCsa = packA(buf.a, p.TransA, p.A, p.Lda, ic, mc, pc, kc, mr)
	} else if edge := mc % mr; edge != 0 {
		edgeRsa, edgeCsa = packA(buf.edgeA, p.TransA, p.A, p.Lda, ic+mc-edge, edge, pc, kc, mr)
	}
	panelA := func(ir int) (a *T, rsa, csa int) {
		switch {
		case pl.packA && aCsa == 1: // row panels
			return &buf.a[ir*aRsa], aRsa, aCsa
		case pl.packA: // column panels
			return &buf.a[ir*kc], aRsa, aCsa
		case ir+mr > mc:
			return &buf.edgeA[0], edgeRsa, edgeCsa
		case p.TransA:
			return &p.A[pc*p.Lda+ic+ir], 1, p.Lda
		}
		return &p.A[(ic+ir)*p.Lda+pc], p.Lda, 1
	}
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		var b *T
		rsb := nr
		switch {
		case pl.packB:
			b = &buf.b[jr*kc]
		case cols < nr:
			packB(buf.edgeB, false, p.B, p.Ldb, pc, kc, jc+jr, cols, nr)
			b = &buf.edgeB[0]
		default:
			b, rsb = &p.B[pc*p.Ldb+jc+jr], p.Ldb
		}
		for ir := 0; ir < mc; ir += mr {
			rows := min(mr, mc-ir)
			a, rsa, csa := panelA(ir)
			c := (ic+ir)*p.Ldc + jc + jr
			if rows == mr && cols == nr {
				g.Kernel(kc, p.Alpha, a, rsa, csa, b, rsb, beta, &p.C[c], p.Ldc)
				continue
			}
			// An edge tile: through a whole tile, so that the kernel
			// computes every element exactly as in a full one.
			tile := buf.tile
			if beta != 0 {
				for i := range rows {
					copy(tile[i*nr:i*nr+cols], p.C[c+i*p.Ldc:c+i*p.Ldc+cols])
				}
			}
			g.Kernel(kc, p.Alpha, a, rsa, csa, b, rsb, beta, &tile[0], nr)
			for i := range rows {
				copy(p.C[c+i*p.Ldc:c+i*p.Ldc+cols], tile[i*nr:i*nr+cols])
			}
		}
	}
}
