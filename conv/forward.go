package conv

import (
	"fmt"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/pool"
)

// Forward sets y to the convolution of x with the filter w, finished by ep
// (nil: none):
//
//	y[n,k,p,q] = Act(sum over c, r, s of x[n, c, p*StrideH-PadTop+r*DilationH, q*StrideW-PadLeft+s*DilationW] * w[k,c,r,s]
//	                 + Bias[k] + Residual[n,k,p,q])
//
// with c over the channels of k's group and x zero outside the image. x is
// N×C×H×W, w K×(C/Groups)×R×S and y N×K×P×Q; ep's Bias, if any, holds one
// element per output channel, and its Residual, if any, is shaped as y
// (its LdResidual is not used). y must not overlap x, w or the residual.
// With w nil, the filter is the one SetFilter kept.
func (pl *Plan[T]) Forward(y, x, w []T, ep *fused.Epilogue[T]) {
	s := pl.s
	checkLen("x", len(x), s.InputLen())
	if w != nil || !pl.filterSet {
		checkLen("w", len(w), s.FilterLen())
	}
	checkLen("y", len(y), pl.outputLen())
	if ep != nil {
		pl.checkEpilogue(ep)
	}
	pl.args = args[T]{x: x, w: w, y: y, ep: ep}
	switch {
	case w == nil:
		pl.args.w = pl.filter
	case pl.reorders():
		pool.Grow(&pl.reordered, pl.laidOutLen())
		pl.layOut(pl.reordered, w)
		pl.args.w = pl.reordered
	}
	pl.images(pl.imageFlops, forwardPass)
	pl.args = args[T]{}
}

// SetFilter keeps the filter w, K×(C/Groups)×R×S, laid out as the forward
// pass reads it, for the calls of Forward with a nil filter: inference,
// whose filters do not change, lays them out once. w is copied, not kept;
// a later SetFilter replaces it.
func (pl *Plan[T]) SetFilter(w []T) {
	checkLen("w", len(w), pl.s.FilterLen())
	pool.Grow(&pl.filter, pl.laidOutLen())
	if pl.reorders() {
		pl.layOut(pl.filter, w)
	} else {
		copy(pl.filter, w[:pl.s.FilterLen()])
	}
	pl.filterSet = true
}

// reorders reports whether the forward pass reads the filter laid out
// otherwise: its taps ordered (r, s, c), for the phases, or packed for the
// direct convolution.
func (pl *Plan[T]) reorders() bool { return pl.phases != nil && !pl.stencil || pl.direct != nil }

// layOut sets wl to the filter w laid out as the forward pass reads it
// where it reorders.
func (pl *Plan[T]) layOut(wl, w []T) {
	if pl.direct != nil {
		pl.packFilter(wl, w)
		return
	}
	pl.reorderFilter(wl, w)
}

// laidOutLen is the length of the filter as the forward pass reads it.
func (pl *Plan[T]) laidOutLen() int {
	if pl.direct != nil {
		return pl.packedLen()
	}
	return pl.s.FilterLen()
}

// outputLen is the length of y: N×K×P×Q.
func (pl *Plan[T]) outputLen() int { return pl.s.N * pl.s.K * pl.p * pl.q }

// checkEpilogue panics unless ep fits the plan's output.
func (pl *Plan[T]) checkEpilogue(ep *fused.Epilogue[T]) {
	if ep.BiasPerColumn {
		panic("conv: the epilogue's Bias is per output channel: BiasPerColumn must be false")
	}
	if ep.Bias != nil {
		checkLen("Bias", len(ep.Bias), pl.s.K)
	}
	if ep.Residual != nil {
		checkLen("Residual", len(ep.Residual), pl.outputLen())
	}
	if !ep.Act.Valid() {
		panic(fmt.Sprintf("conv: unknown activation %d", uint8(ep.Act)))
	}
}

// forwardImage computes the images from n on, pl.batch of them or those
// left, of the forward pass: a GEMM per group, y_g[kg, P*Q per image] =
// w_g[kg, crs] × im2col(x_g)[crs, P*Q per image]; with one input channel
// per group, a stencil per output plane (depthwise.go); with few output
// channels per group, direct convolutions (direct.go). The phased pass
// takes one image at a time (batch is 1).
func (pl *Plan[T]) forwardImage(sl *slab[T], n int) {
	s, a := &pl.s, &pl.args
	pq, hw := pl.p*pl.q, s.H*s.W
	nb := min(pl.batch, s.N-n)
	if pl.stencil {
		depthwiseForward(pl.vec(), *s, a.y, a.x, a.w, n*s.K, (n+nb)*s.K, &sl.stencil)
		for i := n; a.ep != nil && i < n+nb; i++ {
			y := a.y[i*s.K*pq : (i+1)*s.K*pq]
			pl.imageEpilogue(sl, i, 0).Finish(y, pq, 0, 0, s.K, pq)
		}
		sl.ep = fused.Epilogue[T]{}
		return
	}
	if pl.phases != nil {
		pl.forwardPhased(sl, n)
		return
	}
	if pl.direct != nil {
		pl.forwardDirect(sl, n, nb)
		return
	}
	// im2col, or x in place: images run together where one image's
	// positions are few (batch).
	for g := range s.Groups {
		x := a.x[(n*s.C+g*pl.cg)*hw:]
		c0 := (n*s.K + g*pl.kg) * pq
		p := gemm.Problem[T]{M: pl.kg, N: nb * pq, K: pl.crs, Alpha: 1,
			A: a.w[g*pl.kg*pl.crs:], Lda: pl.crs, C: a.y[c0:], Ldc: pq}
		if pl.pointwise {
			p.B, p.Ldb = x[:pl.cg*hw], hw
		} else {
			sl.b.v, sl.b.t, sl.b.x = pl.vec(), pl.taps, x
			p.PackB = &sl.b
		}
		switch {
		case nb > 1:
			pool.Grow(&sl.yext, pl.kg*nb*pq)
			sl.cp = compactor[T]{y: a.y[c0:], wp: pq, q: pq, blockStride: s.K * pq, rowStride: pq, resBlock: s.K * pq}
			if a.ep != nil {
				sl.cp.ep = pl.imageEpilogue(sl, n, g)
			}
			p.C, p.Ldc, p.Epilogue = sl.yext, nb*pq, &sl.cp
		case a.ep != nil:
			p.Epilogue = pl.imageEpilogue(sl, n, g)
		}
		gemm.Run(pl.gemm(), p)
	}
	sl.b.x, sl.cp, sl.ep = nil, compactor[T]{}, fused.Epilogue[T]{}
}

// imageEpilogue returns the pass's epilogue for the output channels of
// group g of image n, as a matrix of kg rows of P*Q, kept in sl.
func (pl *Plan[T]) imageEpilogue(sl *slab[T], n, g int) *fused.Epilogue[T] {
	ep, pq := pl.args.ep, pl.p*pl.q
	sl.ep = *ep
	if ep.Bias != nil {
		sl.ep.Bias = ep.Bias[g*pl.kg:]
	}
	if ep.Residual != nil {
		sl.ep.Residual, sl.ep.LdResidual = ep.Residual[(n*pl.s.K+g*pl.kg)*pq:], pq
	}
	return &sl.ep
}
