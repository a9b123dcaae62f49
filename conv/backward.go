package conv

import (
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// BackwardData sets dx to the gradient of a loss with respect to the
// forward pass's input x, given its gradient dy with respect to the output
// y (without epilogue): dx = w^T × dy scattered back through the window,
//
//	dx[n,c,h,v] = sum over k, p, q, r, s with h = p*StrideH-PadTop+r*DilationH
//	              and v = q*StrideW-PadLeft+s*DilationW of dy[n,k,p,q]*w[k,c,r,s]
//
// with k over the output channels of c's group. dy is N×K×P×Q, w
// K×(C/Groups)×R×S and dx N×C×H×W; dx must not overlap dy or w.
func (pl *Plan[T]) BackwardData(dx, dy, w []T) {
	checkLen("dy", len(dy), pl.outputLen())
	checkLen("w", len(w), pl.s.FilterLen())
	checkLen("dx", len(dx), pl.s.InputLen())
	if !pl.dataMade {
		pl.data, pl.dataMade = pl.dataPlan(), true
	}
	if pl.data != nil {
		pool.Grow(&pl.flipped, pl.s.FilterLen())
		pl.flipFilter(pl.flipped, w)
		pl.data.Forward(dx, dy, pl.flipped, nil)
		return
	}
	pl.args = args[T]{x: dx, w: w, y: dy}
	if pl.stencil {
		pool.Grow(&pl.turned, len(w))
		turnFilter(pl.turned, w[:pl.s.FilterLen()], pl.s.R*pl.s.S)
	}
	pl.images(pl.imageFlops, dataPass)
	pl.args = args[T]{}
}

// dataPlan returns the convolution that computes the input gradient of a
// convolution of stride 1 with a GEMM of its own, or nil where there is
// none to be had (strides above 1, or padding beyond the filter's
// extent), none needed (pointwise convolutions, and those of one input
// channel per group, on stencils), or none
// worth it (minDataRows): the
// convolution of dy, padded by the filter's extent less the padding, with
// the filter turned round and its channels swapped (flipFilter). It runs
// on the phases as the forward pass does, where col2im would scatter
// every column of w^T × dy.
func (pl *Plan[T]) dataPlan() *Plan[T] {
	s := pl.s
	rows, cols := s.extent()
	w := Window{R: s.R, S: s.S, StrideH: 1, StrideW: 1, DilationH: s.DilationH, DilationW: s.DilationW,
		PadTop: rows - 1 - s.PadTop, PadBottom: rows - 1 - s.PadBottom, PadLeft: cols - 1 - s.PadLeft, PadRight: cols - 1 - s.PadRight}
	if s.StrideH != 1 || s.StrideW != 1 || pl.pointwise || pl.stencil || pl.cg < minDataRows ||
		min(w.PadTop, w.PadBottom, w.PadLeft, w.PadRight) < 0 {
		return nil
	}
	return newPlan[T](Shape{N: s.N, C: s.K, H: pl.p, W: pl.q, K: s.C, Groups: s.Groups, Window: w}, pl.set)
}

// minDataRows is the fewest input channels a group must have for the input
// gradient to run as a convolution rather than as w^T × dy and col2im: they
// are that convolution's GEMM rows, each of which a packed element of B
// serves. On the Zen 5, one thread, batch 64, LeNet-5's second layer (6
// channels, im2col panels) ran 4.5 times as fast as w^T × dy and col2im
// (26 against 6 GFLOP/s), its first (1 channel, on the phases) 2.5 times,
// and ResNet's 512 channels at 7x7 0.8 times. Tests lower it, to run the
// input gradient's convolution on shapes of a few channels.
var minDataRows = 32

// flipFilter sets f to the filter of the input gradient's convolution:
// f[g*cg+c][k][r][s] = w[g*kg+k][c][R-1-r][S-1-s].
func (pl *Plan[T]) flipFilter(f, w []T) {
	s := &pl.s
	rs := s.R * s.S
	for g := range s.Groups {
		for k := range pl.kg {
			for c := range pl.cg {
				src := w[((g*pl.kg+k)*pl.cg+c)*rs:][:rs]
				dst := f[((g*pl.cg+c)*pl.kg+k)*rs:][:rs]
				for t, v := range src {
					dst[rs-1-t] = v
				}
			}
		}
	}
}

// dataImages computes images n, n+1, ... of the input gradient, those of
// one call up to end, and returns how many: per group, the columns
// col[crs, P*Q] = w_g^T × dy_g, scattered into dx_g (col2im); a pointwise
// convolution's columns are dx_g itself; at unit strides, wide columns of
// a run of images (wideData).
func (pl *Plan[T]) dataImages(sl *slab[T], n, end int) int {
	s, a := &pl.s, &pl.args
	pq, hw := pl.p*pl.q, s.H*s.W
	switch {
	case pl.stencil:
		depthwiseBackwardData(pl.vec(), *s, a.x, a.y, a.w, pl.turned, n*s.C, (n+1)*s.C, &sl.stencilData, &sl.dataSum)
		return 1
	case !pl.pointwise && s.StrideH == 1 && s.StrideW == 1:
		wp := s.PadLeft + s.W + s.PadRight
		nb := min(end-n, max(1, wideColumns/(pl.p*wp)))
		pl.wideData(sl, n, nb)
		return nb
	}
	if !pl.pointwise {
		pool.Grow(&sl.col, pl.crs*pq)
	}
	for g := range s.Groups {
		dx := a.x[(n*s.C+g*pl.cg)*hw : (n*s.C+(g+1)*pl.cg)*hw]
		p := gemm.Problem[T]{TransA: true, M: pl.crs, N: pq, K: pl.kg, Alpha: 1,
			A: a.w[g*pl.kg*pl.crs:], Lda: pl.crs, B: a.y[(n*s.K+g*pl.kg)*pq:], Ldb: pq, C: dx, Ldc: hw}
		if !pl.pointwise {
			p.C, p.Ldc = sl.col, pq
		}
		gemm.Run(pl.gemm(), p)
		if !pl.pointwise {
			col2im(pl.vec(), pl.taps, sl.col[:pl.crs*pq], dx)
		}
	}
	return 1
}

// wideColumns is about how many columns, P*Wp an image, the wide input
// gradient multiplies in one GEMM, a run of images: w_g^T × dy_g has only
// kg steps of k, and each call packs w_g^T again. On the Xeon, one thread,
// LeNet-5's second layer (140 columns an image) ran its GEMMs in 306 µs a
// batch of 64 four images a call, against 414 µs one image a call, and 356
// eleven images a call, whose columns left L2.
const wideColumns = 600

// wideData computes images [n, n+nb) of the input gradient at unit
// strides, where col2im would add a run of Q elements per tap and output
// row: per group, dy_g's rows are widened by zeros to Wp, the padded
// input's width (widen), so that w_g^T × dy_g has P*Wp columns per tap and
// image, zero past each output row's Q, and tap (r, s)'s row adds to the
// image's padded input gradient from r*DilationH*Wp + s*DilationW on, four
// taps of a window row in one AxpyRows; the padding is then cropped. Each
// element's terms are added in col2im's order, and are col2im's (the zeros
// AxpyRows adds besides change nothing): the results are its, bit for
// bit, however many images a call takes. (On the Xeon, one thread,
// LeNet-5's second layer at batch 64 took 490-515 µs so, against 515-580
// with an Axpy a tap.)
func (pl *Plan[T]) wideData(sl *slab[T], n, nb int) {
	s, a := &pl.s, &pl.args
	pq, hw := pl.p*pl.q, s.H*s.W
	wp, hp := s.PadLeft+s.W+s.PadRight, s.PadTop+s.H+s.PadBottom
	cols, plane := pl.p*wp, hp*wp+(s.S-1)*s.DilationW
	ld := nb * cols // B's and C's rows: an image's columns after another's
	pool.Grow(&sl.yext, pl.kg*ld)
	pool.Grow(&sl.col, pl.crs*ld)
	pool.Grow(&sl.xp, pl.cg*plane)
	v := pl.vec()
	for g := range s.Groups {
		for b := range nb {
			pl.widen(sl, sl.yext[b*cols:], a.y[((n+b)*s.K+g*pl.kg)*pq:], wp, ld)
		}
		gemm.Run(pl.gemm(), gemm.Problem[T]{TransA: true, M: pl.crs, N: ld, K: pl.kg, Alpha: 1,
			A: a.w[g*pl.kg*pl.crs:], Lda: pl.crs, B: sl.yext, Ldb: ld, C: sl.col, Ldc: ld})
		for b := range nb {
			padded := sl.xp[:pl.cg*plane]
			clear(padded)
			row := b * cols // tap (c, r, 0)'s columns of image b
			for c := range pl.cg {
				for r := range s.R {
					at := c*plane + r*s.DilationH*wp
					for t := 0; t < s.S; t += 4 {
						// Taps t to t+3 at once: tap t+i adds its column j
						// to padded[at + (t+i)*DilationW + j], so it adds
						// its row from DilationW*i elements before
						// padded[at + t*DilationW], ld - DilationW further
						// than tap t+i-1's; what it adds before its column
						// 0 (the row before's last) and leaves out past its
						// last are zero columns.
						h, from := min(4, s.S-t), at+t*s.DilationW
						kernels.AxpyFew(v, h, [4]T{1, 1, 1, 1}, padded[from:from+cols], sl.col[row+t*ld:], ld-s.DilationW)
					}
					row += s.S * ld
				}
			}
			dx := a.x[((n+b)*s.C+g*pl.cg)*hw:]
			for c := range pl.cg {
				if wp == s.W { // no columns of padding: the rows lie together
					at := c*plane + s.PadTop*wp
					copy(dx[c*hw:(c+1)*hw], padded[at:at+hw])
					continue
				}
				for h := range s.H {
					at := c*plane + (h+s.PadTop)*wp + s.PadLeft
					copy(dx[c*hw+h*s.W:c*hw+(h+1)*s.W], padded[at:at+s.W])
				}
			}
		}
	}
}

// maxWholeColumns bounds the im2col matrices, taps × output positions of a
// batch of images, that the filter gradient fills whole. On the Zen 5, one
// thread, batch 64, LeNet-5's second layer (150 × 1100) ran 1.5-2.4 times
// as fast filled whole as through im2colT (23-26 against 10-15 GFLOP/s).
// Tests set it to 0, to run im2colT on small shapes.
var maxWholeColumns = 1 << 20

// BackwardBias sets db[k] to the sum of dy over the images and positions
// of output channel k: the gradient of the epilogue's bias. The images are
// added in order.
func (pl *Plan[T]) BackwardBias(db, dy []T) {
	checkLen("dy", len(dy), pl.outputLen())
	checkLen("db", len(db), pl.s.K)
	channelSums(pl.vec(), db, dy, pl.s.N, pl.s.K, pl.p*pl.q)
}

// channelSums sets db[k] to the sum over the n images of the c channels of
// planes elements in t, channel k's planes added in image order.
func channelSums[T Float](v *kernels.Vec[T], db, t []T, n, c, plane int) {
	for k := range c {
		var sum T
		for i := range n {
			at := (i*c + k) * plane
			sum += v.Sum(t[at : at+plane])
		}
		db[k] = sum
	}
}
