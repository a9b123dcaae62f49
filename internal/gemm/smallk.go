package gemm

// runSmallK computes rows×cols of C with the small-k kernel, which streams
// C row after row: A in place, B in place or, where the kernels cannot read
// it there, packed nc columns at a time (its k rows of at most maxSmallK fit the workspace's B buffer).
// Each call covers as many rows as keep its steps, rows*cols*k, within
// those of a micro-kernel call of maxSteps, for preemption.
func (pl *plan[T]) runSmallK(rows, cols span, buf *buffers[T]) {
	g, ks := pl.g, steps[T]{p0: 0, kc: pl.k, beta: pl.beta}
	var a panelsA[T]
	pl.a.inPlace(&a, g.MR, rows, ks)
	width := cols.n
	if !pl.b.readable() {
		width = pl.nc
	}
	for jc := cols.at; jc < cols.end(); jc += width {
		w := min(width, cols.end()-jc)
		b, ok := pl.b.inPlace(0, jc)
		if !ok {
			pl.b.packInto(g, buf.b, ks, span{jc, w}, w)
			b = rowsB[T]{b: buf.b, rs: w}
		}
		step := max(1, maxSteps*g.MR*g.NR/(w*pl.k))
		for i := 0; i < rows.n; i += step {
			h := min(step, rows.n-i)
			c := pl.c.c[(rows.at+i)*pl.c.ldc+jc:]
			g.SmallK(h, w, pl.k, pl.alpha, &a.a[a.at+i*a.rsa], a.rsa, a.csa, &b.b[0], b.rs, pl.beta, &c[0], pl.c.ldc)
			if pl.ep != nil {
				pl.ep.Finish(c, pl.c.ldc, rows.at+i, jc, h, w)
			}
		}
	}
}
