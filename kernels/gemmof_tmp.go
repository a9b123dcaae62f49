//go:build !purego && (amd64 || arm64)

package kernels

// gemmOf assembles a Gemm from its blocks and kernels. (Temporary: the
// generator writes the tables.)
func gemmOf[T Float](mr, nr, mc, kc, nc int, full, half map[int]GemmKernel[T], packing GemmPackKernel[T],
	packA, packB func(rows int, src *T, ld int, dst *T), transpose func(cols, rows int, src *T, ld int, dst *T, ldd int)) Gemm[T] {
	g := Gemm[T]{MR: mr, NR: nr, MC: mc, KC: kc, NC: nc,
		FullWidth: make([]GemmKernel[T], mr+1), HalfWidth: make([]GemmKernel[T], mr+1),
		FullWidthPacking: packing, PackA: packA, PackB: packB, PackTransposed: transpose}
	for h, k := range full {
		g.FullWidth[h] = k
	}
	for h, k := range half {
		g.HalfWidth[h] = k
	}
	return g
}
