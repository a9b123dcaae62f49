package conv

import (
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Depthwise convolution (Groups == C: one input channel per group, and
// m = K/C output channels of each, PyTorch's depth multiplier, most often
// 1): every output plane is one input plane convolved with one R×S filter,
// so there is no sum over channels for a GEMM to do. The functions below
// each do a range of planes (or channels), so that a plan can split the
// range among threads; each writes only its range, and its results do not
// depend on how the range was split. s has its defaults set and is
// depthwise; the slices hold what s says (x N×C×H×W, w K×1×R×S, y
// N×K×P×Q), which the caller has checked. Output plane i is image i/K,
// channel i%K, which reads input channel (i%K)/m.

// depthwiseForward overwrites output planes [from, to) of y with the
// depthwise convolution of x with w, with scratch buf (correlate's, kept
// for the forward passes of one shape).
func depthwiseForward[T kernels.Float](v *kernels.Vec[T], s Shape, y, x, w []T, from, to int, buf *[]T) {
	p, q := s.Out()
	st := stencil{Window: s.Window, inH: s.H, inW: s.W, outH: p, outW: q}
	hw, pq, rs, m := s.H*s.W, p*q, s.R*s.S, s.K/s.C
	for i := from; i < to; {
		// The planes up to the next input channel's, or to, read one
		// input plane, padded once.
		k := i % s.K
		next := min(to, i+m-k%m)
		in := i/s.K*s.C + k/m
		correlate(v, &st, y[i*pq:next*pq], x[in*hw:(in+1)*hw], w[k*rs:(k+next-i)*rs], buf)
		i = next
	}
}

// depthwiseBackwardData overwrites input planes [from, to) of dx (plane i
// is image i/C, channel i%C) with the gradient of the input given dy, the
// gradient of the output: dx[i] is the sum of w[r,t]*dy[p,q] over the
// output channels of the input channel, the taps (r, t) and the outputs
// (p, q) that read input element i. With unit strides that is a
// correlation of dy with the filter turned round, turned (turnFilter's),
// and where the input channel has several output channels each
// correlation after the first goes into the scratch sum and is added;
// with larger strides each tap scatters a row of dy into every StrideW-th
// element of a row of dx. buf is correlate's scratch; both are kept for
// the input gradients of one shape.
func depthwiseBackwardData[T kernels.Float](v *kernels.Vec[T], s Shape, dx, dy, w, turned []T, from, to int, buf, sum *[]T) {
	p, q := s.Out()
	hw, pq, rs, m := s.H*s.W, p*q, s.R*s.S, s.K/s.C
	unit := s.StrideH == 1 && s.StrideW == 1
	win := s.Window
	win.PadTop = (s.R-1)*s.DilationH - s.PadTop
	win.PadLeft = (s.S-1)*s.DilationW - s.PadLeft
	st := stencil{Window: win, inH: p, inW: q, outH: s.H, outW: s.W}
	if unit && m > 1 {
		pool.Grow(sum, hw)
	}
	for i := from; i < to; i++ {
		plane := dx[i*hw : (i+1)*hw]
		if !unit {
			clear(plane)
		}
		for j := range m {
			k := i%s.C*m + j
			o := (i/s.C*s.K + k) * pq
			switch {
			case !unit:
				scatter(v, s, plane, dy[o:o+pq], w[k*rs:(k+1)*rs])
			case j == 0:
				correlate(v, &st, plane, dy[o:o+pq], turned[k*rs:(k+1)*rs], buf)
			default:
				correlate(v, &st, (*sum)[:hw], dy[o:o+pq], turned[k*rs:(k+1)*rs], buf)
				v.Axpy(1, (*sum)[:hw], plane)
			}
		}
	}
}

// turnFilter sets turned to the C filters of w, R×S each, turned round
// (rotated by 180 degrees), for depthwiseBackwardData.
func turnFilter[T kernels.Float](turned, w []T, rs int) {
	for i, c := range w {
		turned[i-i%rs+rs-1-i%rs] = c
	}
}

// scatter adds to the input plane dx the transposed convolution of the
// output plane dy with the R×S filter w: each tap adds its coefficient
// times each row of dy to the elements of dx the tap read in the forward
// pass.
func scatter[T kernels.Float](v *kernels.Vec[T], s Shape, dx, dy, w []T) {
	p, q := s.Out()
	for a := range p {
		dyrow := dy[a*q : (a+1)*q]
		for r := range s.R {
			ih := a*s.StrideH - s.PadTop + r*s.DilationH
			if ih < 0 || ih >= s.H {
				continue
			}
			dxrow, sw := dx[ih*s.W:(ih+1)*s.W], s.StrideW
			rowTaps(&s.Window, q, s.W, nil, func(t, lo, hi, i int) {
				if sw == 1 {
					v.Axpy(w[r*s.S+t], dyrow[lo:hi], dxrow[i:i+hi-lo])
				} else {
					v.AxpyInc(hi-lo, w[r*s.S+t], dyrow[lo:hi], 1, dxrow[i:i+(hi-lo-1)*sw+1], sw)
				}
			})
		}
	}
}

// depthwiseBackwardFilter overwrites the filters of output channels
// [from, to) of dw with the gradient of the filter given dy, the gradient
// of the output, and x, the input, over images [n0, n1): dw[k,r,t] is the
// sum over those images n, in ascending order, of the products of dy's
// plane (n, k) with the elements of x's plane (n, k/m) tap (r, t) read.
// At unit strides each image's term of a tap is one dot product over the
// whole plane (wideFilterGradient), with scratch xp, dyw and runs;
// otherwise one per output row and tap (filterGradient).
func depthwiseBackwardFilter[T kernels.Float](v *kernels.Vec[T], s Shape, dw, dy, x []T, from, to, n0, n1 int, xp, dyw *[]T, runs *[]int) {
	p, q := s.Out()
	hw, pq, rs, m := s.H*s.W, p*q, s.R*s.S, s.K/s.C
	clear(dw[from*rs : to*rs])
	if s.StrideH == 1 && s.StrideW == 1 {
		wideFilterGradient(v, s, dw, dy, x, from, to, n0, n1, xp, dyw, runs)
		return
	}
	for k := from; k < to; k++ {
		for n := n0; n < n1; n++ {
			o, in := n*s.K+k, n*s.C+k/m
			filterGradient(v, s, dw[k*rs:(k+1)*rs], dy[o*pq:(o+1)*pq], x[in*hw:(in+1)*hw])
		}
	}
}

// wideFilterGradient is depthwiseBackwardFilter at unit strides: with the
// input plane padded into xp, Wp = PadLeft+W+PadRight elements a row, and
// the output gradient's rows widened to Wp by zeros into dyw, tap (r, t)
// reads xp from r*DilationH*Wp + t*DilationW on for the P*Wp positions of
// dyw, so that its term is one dot product over them. (A tap's reads past
// an output row's Q positions meet dyw's zeros; xp has (S-1)*DilationW
// zeros more, for the last row's.) Images go in ascending order, each
// padded once for the output channels of its input channel. With one or
// two output channels an input channel, four neighbouring taps share one
// DotRows; with more (m >= 3, LeNet-5's first layer), all the channel's
// planes are widened, and three output channels and four taps share one
// DotRows3x4, the taps left over (S mod 4) taking four output channels a
// DotRows with the tap's view of xp as the vector. A channel's dot
// products do not depend on which others share a call, so the results
// do not depend on [from, to): a group short of three repeats its last
// plane, and one short of four reads the planes after it, whose results
// go unused (dyw holds three planes more).
func wideFilterGradient[T kernels.Float](v *kernels.Vec[T], s Shape, dw, dy, x []T, from, to, n0, n1 int, xp, dyw *[]T, runs *[]int) {
	p, q := s.Out()
	hw, pq, rs, m := s.H*s.W, p*q, s.R*s.S, s.K/s.C
	wp, hp := s.PadLeft+s.W+s.PadRight, s.PadTop+s.H+s.PadBottom
	n, planes := p*wp, 1 // a widened plane's length, and dyw's planes
	if m >= 3 {
		planes = m + 3
	}
	pool.Grow(xp, hp*wp+(s.S-1)*s.DilationW)
	pool.Grow(dyw, planes*n)
	pad, wide := (*xp)[:hp*wp+(s.S-1)*s.DilationW], (*dyw)[:planes*n]
	clear(pad)
	st := stencil{Window: s.Window, inH: s.H, inW: s.W}
	for img := n0; img < n1; img++ {
		for k := from; k < to; {
			end := min(to, (k/m+1)*m) // the channels of k's input channel
			c := img*s.C + k/m
			for i := range hp {
				padRow(&st, pad[i*wp:(i+1)*wp], x[c*hw:(c+1)*hw], i-s.PadTop)
			}
			if m < 3 {
				for ; k < end; k++ {
					o := (img*s.K + k) * pq
					widenPlanes(v, runs, wide, n, dy[o:o+pq], 1, p, q, wp)
					tapsByRows(v, s, dw[k*rs:(k+1)*rs], wide, pad, wp)
				}
				continue
			}
			o := (img*s.K + k) * pq
			widenPlanes(v, runs, wide, n, dy[o:o+(end-k)*pq], end-k, p, q, wp)
			tapsByChannels(v, s, dw[k*rs:end*rs], wide[:(end-k+3)*n], pad, wp, end-k)
			k = end
		}
	}
}

// tapsByRows adds to the filter gradient g each tap's dot product of the
// widened plane wide with its view of the padded input pad, four
// neighbouring taps a DotRows.
func tapsByRows[T kernels.Float](v *kernels.Vec[T], s Shape, g, wide, pad []T, wp int) {
	dw := s.DilationW
	for r := range s.R {
		row := pad[r*s.DilationH*wp:]
		t := 0
		for ; t+4 <= s.S; t += 4 {
			d0, d1, d2, d3 := v.DotRows(wide, row[t*dw:], dw)
			g[r*s.S+t] += d0
			g[r*s.S+t+1] += d1
			g[r*s.S+t+2] += d2
			g[r*s.S+t+3] += d3
		}
		for ; t < s.S; t++ {
			g[r*s.S+t] += v.Dot(wide, row[t*dw:t*dw+len(wide)])
		}
	}
}

// tapsByChannels adds to the filter gradients g of cnt output channels of
// one input channel their taps' dot products of their widened planes, in
// wide one after the other (with three planes more, whose results go
// unused), with their views of the padded input pad: three channels and
// four taps a DotRows3x4, and the taps left over four channels a DotRows.
func tapsByChannels[T kernels.Float](v *kernels.Vec[T], s Shape, g, wide, pad []T, wp, cnt int) {
	n, rs, dw := len(wide)/(cnt+3), s.R*s.S, s.DilationW
	plane := func(i int) []T { return wide[i*n : (i+1)*n] }
	add := func(i, tap int, d T) {
		if i < cnt {
			g[i*rs+tap] += d
		}
	}
	for r := range s.R {
		row := pad[r*s.DilationH*wp:]
		t := 0
		for ; t+4 <= s.S; t += 4 {
			for i := 0; i < cnt; i += 3 {
				d := [12]T{}
				d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11] =
					v.DotRows3x4(plane(i), plane(min(i+1, cnt-1)), plane(min(i+2, cnt-1)), row[t*dw:], dw)
				for j, e := range d {
					add(i+j/4, r*s.S+t+j%4, e)
				}
			}
		}
		for ; t < s.S; t++ {
			for i := 0; i < cnt; i += 4 {
				d0, d1, d2, d3 := v.DotRows(row[t*dw:t*dw+n], wide[i*n:], n)
				for j, e := range [4]T{d0, d1, d2, d3} {
					add(i+j, r*s.S+t, e)
				}
			}
		}
	}
}

// filterGradient adds to the R×S filter gradient g the products of the
// output gradient plane dy with the input plane x.
func filterGradient[T kernels.Float](v *kernels.Vec[T], s Shape, g, dy, x []T) {
	p, q := s.Out()
	sw, dw := s.StrideW, s.DilationW
	for a := range p {
		dyrow := dy[a*q : (a+1)*q]
		for r := range s.R {
			ih := a*s.StrideH - s.PadTop + r*s.DilationH
			if ih < 0 || ih >= s.H {
				continue
			}
			xrow, gr := x[ih*s.W:(ih+1)*s.W], g[r*s.S:(r+1)*s.S]
			rowTaps(&s.Window, q, s.W, func(t, lo, hi, i int) {
				d0, d1, d2, d3 := v.DotRows(dyrow[lo:hi], xrow[i:i+hi-lo+3*dw], dw)
				gr[t] += d0
				gr[t+1] += d1
				gr[t+2] += d2
				gr[t+3] += d3
			}, func(t, lo, hi, i int) {
				if sw == 1 {
					gr[t] += v.Dot(dyrow[lo:hi], xrow[i:i+hi-lo])
				} else {
					gr[t] += v.DotInc(hi-lo, dyrow[lo:hi], 1, xrow[i:i+(hi-lo-1)*sw+1], sw)
				}
			})
		}
	}
}
