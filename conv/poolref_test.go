package conv

import "math"

// The definitions the pooling tests compare with: direct loops in float64
// over every window's taps, written for clarity, not speed, and apart from
// the code they check (no geom, no clipping of tap ranges).

// refOut returns the output size of p, defaults set, rounded down.
func refOut(p Pool) (P, Q int) {
	return (p.H+p.PadTop+p.PadBottom-(p.R-1)*p.DilationH-1)/p.StrideH + 1,
		(p.W+p.PadLeft+p.PadRight-(p.S-1)*p.DilationW-1)/p.StrideW + 1
}

// refTaps calls f with the index ih*W + iw, within a plane, of every tap of
// output (p, q)'s window inside the image, in row-major order of the taps.
func refTaps(p Pool, op, oq int, f func(i int)) {
	for r := range p.R {
		for t := range p.S {
			ih := op*p.StrideH - p.PadTop + r*p.DilationH
			iw := oq*p.StrideW - p.PadLeft + t*p.DilationW
			if ih >= 0 && ih < p.H && iw >= 0 && iw < p.W {
				f(ih*p.W + iw)
			}
		}
	}
}

// refMaxPool returns max pooling's y and argmax by PyTorch's definition:
// the taps inside the image are scanned in row-major order, and one
// replaces the maximum so far if it is larger or NaN; the first tap starts
// it. It returns ok == false if some window has no tap inside.
func refMaxPool(p Pool, x []float64) (y []float64, argmax []int32, ok bool) {
	p.Window = p.Window.withDefaults()
	P, Q := refOut(p)
	y, argmax = make([]float64, p.N*p.C*P*Q), make([]int32, p.N*p.C*P*Q)
	ok = true
	for plane := range p.N * p.C {
		xs := x[plane*p.H*p.W:]
		for op := range P {
			for oq := range Q {
				m, mi := math.Inf(-1), -1
				refTaps(p, op, oq, func(i int) {
					if v := xs[i]; mi < 0 || v > m || math.IsNaN(v) {
						m, mi = v, i
					}
				})
				ok = ok && mi >= 0
				o := (plane*P+op)*Q + oq
				y[o], argmax[o] = m, int32(mi)
			}
		}
	}
	return y, argmax, ok
}

// refMaxPoolBackward returns dx for max pooling: every dy added at the
// input its argmax names.
func refMaxPoolBackward(p Pool, dy []float64, argmax []int32) []float64 {
	p.Window = p.Window.withDefaults()
	P, Q := refOut(p)
	dx := make([]float64, p.N*p.C*p.H*p.W)
	for plane := range p.N * p.C {
		for o := range P * Q {
			dx[plane*p.H*p.W+int(argmax[plane*P*Q+o])] += dy[plane*P*Q+o]
		}
	}
	return dx
}

// refDivisor returns average pooling's divisor for output (op, oq), as
// PyTorch computes it: with countPad, the window clipped to the padded
// image; without, the taps inside the image.
func refDivisor(p Pool, countPad bool, op, oq int) float64 {
	if countPad {
		ih0, iw0 := op*p.StrideH-p.PadTop, oq*p.StrideW-p.PadLeft
		ih1, iw1 := min(ih0+p.R, p.H+p.PadBottom), min(iw0+p.S, p.W+p.PadRight)
		return float64((ih1 - ih0) * (iw1 - iw0))
	}
	n := 0
	refTaps(p, op, oq, func(int) { n++ })
	return float64(n)
}

// refAvgPool returns average pooling's y: the sum of the taps inside the
// image over the divisor.
func refAvgPool(p Pool, countPad bool, x []float64) []float64 {
	p.Window = p.Window.withDefaults()
	P, Q := refOut(p)
	y := make([]float64, p.N*p.C*P*Q)
	for plane := range p.N * p.C {
		xs := x[plane*p.H*p.W:]
		for op := range P {
			for oq := range Q {
				var s float64
				refTaps(p, op, oq, func(i int) { s += xs[i] })
				y[(plane*P+op)*Q+oq] = s / refDivisor(p, countPad, op, oq)
			}
		}
	}
	return y
}

// refAvgPoolBackward returns dx for average pooling: the transpose of
// refAvgPool, dy over the divisor added at every tap inside the image.
func refAvgPoolBackward(p Pool, countPad bool, dy []float64) []float64 {
	p.Window = p.Window.withDefaults()
	P, Q := refOut(p)
	dx := make([]float64, p.N*p.C*p.H*p.W)
	for plane := range p.N * p.C {
		dxs := dx[plane*p.H*p.W:]
		for op := range P {
			for oq := range Q {
				d := dy[(plane*P+op)*Q+oq] / refDivisor(p, countPad, op, oq)
				refTaps(p, op, oq, func(i int) { dxs[i] += d })
			}
		}
	}
	return dx
}

// refGlobalAvgPool returns the mean of every plane of h*w elements.
func refGlobalAvgPool(planes, hw int, x []float64) []float64 {
	y := make([]float64, planes)
	for i := range y {
		for _, v := range x[i*hw : (i+1)*hw] {
			y[i] += v
		}
		y[i] /= float64(hw)
	}
	return y
}
