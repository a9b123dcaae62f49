package kernels

import "unsafe"

// GemmKernel computes tiles MR×NR tiles of C = alpha*A*B + beta*C stacked
// down a column of C, each over k steps, where for tile q < tiles
//
//	A(i,p) = a[q*nexta + i*rsa + p*csa]   (i < MR, p < k)
//	B(p,j) = b[p*rsb + j]                 (j < NR, the same for every tile)
//	C(i,j) = c[(q*MR + i)*ldc + j]
//
// and strides are in elements. With beta == 0 (either sign) C is not read.
// A can be packed panels in either layout (rsa = 1 and csa = MR, or rsa =
// its row length and csa = 1) or an operand in place; B's rows must be
// contiguous. Every element these formulas name must be readable, and C's
// tiles writable. One call runs tiles*k steps without a preemption point,
// so the driver bounds both.
//
// pf and pfs are a hint: step p of every tile may prefetch the cache line
// at address pf + p*pfs*sizeof(T), which is never read into a result, so
// any value is safe. The driver points it at the memory it reads next.
type GemmKernel[T Float] func(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, beta T, c *T, ldc int, pf uintptr, pfs int)

// GemmPackKernel is the full-width kernel of whole tiles, FullWidth[MR],
// that also packs B's panel as it reads it: it computes what GemmKernel
// does, bit for bit, and when tiles > 0 sets bp[p*NR + j] = B(p,j) for
// p < k and j < NR, where the tiles after it read the panel. bp's k*NR
// elements must not overlap A, B or C. It does not prefetch.
type GemmPackKernel[T Float] func(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, bp *T, beta T, c *T, ldc int)

// SmallKKernel computes C = alpha*A*B + beta*C for a small inner
// dimension k >= 1, row after row: for i < rows and j < n,
//
//	C(i,j) = alpha*(A(i,0)*B(0,j) + ... + A(i,k-1)*B(k-1,j)) + beta*C(i,j)
//
// where A(i,p) = a[i*rsa + p*csa], B(p,j) = b[p*ldb + j] and C(i,j) =
// c[i*ldc + j], with GemmKernel's arithmetic, so its results are the
// micro-kernels' bit for bit: the products summed by FMA from zero, p
// ascending, the sum times alpha, then beta*C added by FMA. With beta == 0
// (either sign) C is not read. It streams C in memory order, for problems
// whose cost is C's traffic (outer products, a few steps of k). One call
// runs rows*n*k steps without a preemption point, so the driver bounds it.
type SmallKKernel[T Float] func(rows, n, k int, alpha T, a *T, rsa, csa int, b *T, ldb int, beta T, c *T, ldc int)

// Gemm is a GEMM micro-kernel with the cache blocking the driver uses
// around it: KC steps of k per packed panel (the KC×NR panel of B stays in
// L1), MC rows of packed A (L2), NC columns of packed B (L3).
type Gemm[T Float] struct {
	MR, NR     int
	MC, KC, NC int
	// FullWidth[h] is the kernel for tiles of h rows by NR columns:
	// FullWidth[MR] for whole tiles, and shorter ones, down to
	// FullWidth[1], for the rows left over at the bottom of C. Heights
	// without a kernel are nil.
	FullWidth []GemmKernel[T]
	// HalfWidth[h] is the kernel for tiles of h rows by NR/2 columns, for
	// the columns left over at the right of C; it has FullWidth's heights.
	HalfWidth []GemmKernel[T]
	// FullWidthPacking is FullWidth[MR] packing B as it goes: the driver
	// packs a panel of B with the first tile that reads it, rather than in
	// a pass of its own that loads every element of the panel twice.
	FullWidthPacking GemmPackKernel[T]
	// SmallK is the kernel for small k, which walks C by rows.
	SmallK SmallKKernel[T]

	// ColumnPanels makes the driver pack A into column panels (rsa = 1)
	// even where A is not transposed, for kernels that read a step's MR
	// elements of A as vectors; PackTransposed packs it then.
	ColumnPanels bool
	// PackA copies a rows×MR block whose rows are ld elements apart into
	// dst: dst[r*MR + j] = src[r*ld + j] (transposed A into column panels).
	PackA func(rows int, src *T, ld int, dst *T)
	// PackB is PackA for blocks NR wide (B into row panels).
	PackB func(rows int, src *T, ld int, dst *T)
	// PackTransposed packs a transposed operand, B into row panels or
	// (ColumnPanels) A into column panels: it is the table's Vec.Transpose.
	PackTransposed func(cols, rows int, src *T, ld int, dst *T, ldd int)
}

// Height returns the tallest kernel height up to rows.
func (g *Gemm[T]) Height(rows int) int {
	for h := min(rows, g.MR); ; h-- {
		if g.FullWidth[h] != nil {
			return h
		}
	}
}

// packThenRun returns the GemmPackKernel that packs B's panel, nr wide,
// with pack and then runs kernel on the packed panel.
func packThenRun[T Float](pack func(rows int, src *T, ld int, dst *T), kernel GemmKernel[T], nr int) GemmPackKernel[T] {
	return func(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, bp *T, beta T, c *T, ldc int) {
		pack(k, b, rsb, bp)
		kernel(tiles, k, alpha, a, rsa, csa, nexta, bp, nr, beta, c, ldc, 0, 0)
	}
}

// copyBlock returns the pure-Go definition of PackA or PackB for width w.
func copyBlock[T Float](w int) func(rows int, src *T, ld int, dst *T) {
	return func(rows int, src *T, ld int, dst *T) {
		if rows == 0 {
			return
		}
		s, d := unsafe.Slice(src, (rows-1)*ld+w), unsafe.Slice(dst, rows*w)
		for r := range rows {
			copy(d[r*w:(r+1)*w], s[r*ld:r*ld+w])
		}
	}
}

// transpose is the pure-Go definition of Transpose.
func transpose[T Float](cols, rows int, src *T, ld int, dst *T, ldd int) {
	if cols == 0 || rows == 0 {
		return
	}
	s, d := unsafe.Slice(src, (cols-1)*ld+rows), unsafe.Slice(dst, (rows-1)*ldd+cols)
	for j := range cols {
		for p := range rows {
			d[p*ldd+j] = s[j*ld+p]
		}
	}
}

// Peak is an FMA-throughput probe: Run(iters) executes iters iterations of
// independent full-width FMAs and nothing else, Flops floating-point
// operations each. Timing it gives the core's peak for the table's ISA.
type Peak struct {
	Run   func(iters int)
	Flops int
}

// gemmKernel returns the pure-Go micro-kernel for mr×nr tiles: the
// definition of GemmKernel.
func gemmKernel[T Float](mr, nr int) GemmKernel[T] {
	return func(tiles, k int, alpha T, a *T, rsa, csa, nexta int, b *T, rsb int, beta T, c *T, ldc int, _ uintptr, _ int) {
		if tiles == 0 {
			return
		}
		var as, bs []T
		if k > 0 {
			as = unsafe.Slice(a, (tiles-1)*nexta+(mr-1)*rsa+(k-1)*csa+1)
			bs = unsafe.Slice(b, (k-1)*rsb+nr)
		}
		cs := unsafe.Slice(c, (tiles*mr-1)*ldc+nr)
		for q := range tiles {
			for i := range mr {
				for j := range nr {
					var sum T
					for p := range k {
						sum += as[q*nexta+i*rsa+p*csa] * bs[p*rsb+j]
					}
					ci := (q*mr+i)*ldc + j
					if beta == 0 {
						cs[ci] = alpha * sum
					} else {
						cs[ci] = alpha*sum + beta*cs[ci]
					}
				}
			}
		}
	}
}

// smallK is the pure-Go definition of SmallKKernel, in the arithmetic of
// gemmKernel.
func smallK[T Float](rows, n, k int, alpha T, a *T, rsa, csa int, b *T, ldb int, beta T, c *T, ldc int) {
	if rows == 0 || n == 0 {
		return
	}
	as := unsafe.Slice(a, (rows-1)*rsa+(k-1)*csa+1)
	bs := unsafe.Slice(b, (k-1)*ldb+n)
	cs := unsafe.Slice(c, (rows-1)*ldc+n)
	for i := range rows {
		for j := range n {
			var sum T
			for p := range k {
				sum += as[i*rsa+p*csa] * bs[p*ldb+j]
			}
			ci := i*ldc + j
			if beta == 0 {
				cs[ci] = alpha * sum
			} else {
				cs[ci] = alpha*sum + beta*cs[ci]
			}
		}
	}
}

// peakGeneric is the pure-Go probe: twelve independent multiply-adds per
// iteration, which is what Go code can reach.
func peakGeneric[T Float]() Peak {
	var sink T
	run := func(iters int) {
		var a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 T
		x, y := T(0.5), T(0.25)
		for range iters {
			a0, a1, a2, a3 = a0*x+y, a1*x+y, a2*x+y, a3*x+y
			a4, a5, a6, a7 = a4*x+y, a5*x+y, a6*x+y, a7*x+y
			a8, a9, a10, a11 = a8*x+y, a9*x+y, a10*x+y, a11*x+y
		}
		sink += a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11
	}
	return Peak{Run: run, Flops: 2 * 12}
}
