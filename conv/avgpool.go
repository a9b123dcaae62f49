package conv

import (
	"fmt"

	"github.com/simdla/simdla/kernels"
)

// AvgPool sets y to the average pooling of x: for every plane (n, c) and
// output position (p, q), y[n,c,p,q] is the sum of x[n,c,ih,iw] over the
// window's taps inside the image, ih = p*StrideH - PadTop + r and
// iw = q*StrideW - PadLeft + t for r < R, t < S, accumulated in T in
// row-major order, divided by the divisor. With countPad (PyTorch's
// count_include_pad=True, its default) the divisor is R*S, the taps
// in the image and in the padding; PyTorch clips the window to the padded
// image first, which changes nothing when the output size is rounded down.
// Without countPad it is the number of taps inside the image.
//
// x holds at least p.InputLen() elements, y at least p.OutputLen(); y must
// not overlap x. AvgPool panics, naming the parameter, unless p is a valid
// pooling (see Pool) without dilation (PyTorch's avg_pool2d has none) and
// the slices are long enough.
func AvgPool[T kernels.Float](p Pool, countPad bool, x, y []T) {
	g := avgGeometry(p)
	checkLen("x", len(x), g.planes*g.hw)
	checkLen("y", len(y), g.planes*g.pq)
	run(poolJob[T]{op: avgForward, g: g, in: x, out: y, countPad: countPad}, work(g.taps, 0))
}

// AvgPoolBackward sets dx to the gradient of AvgPool's x, given the
// gradient dy of its y: dx is zeroed, then, for every output in row-major
// order, dy[n,c,p,q] divided by the output's divisor is added to the
// elements of dx under its window's taps inside the image, so that
// overlapping windows accumulate.
//
// dy holds at least p.OutputLen() elements, dx at least p.InputLen(); they
// must not overlap. AvgPoolBackward panics, naming the parameter, unless p
// is a pooling AvgPool accepts and the slices are long enough.
func AvgPoolBackward[T kernels.Float](p Pool, countPad bool, dy, dx []T) {
	g := avgGeometry(p)
	checkLen("dy", len(dy), g.planes*g.pq)
	checkLen("dx", len(dx), g.planes*g.hw)
	run(poolJob[T]{op: avgBackward, g: g, in: dy, out: dx, countPad: countPad}, work(g.taps, g.in))
}

// avgGeometry returns p's geom, checked for average pooling.
func avgGeometry(p Pool) geom {
	g := geometry(p)
	for _, d := range []struct {
		name string
		v    int
	}{{"DilationH", g.DilationH}, {"DilationW", g.DilationW}} {
		if d.v != 1 {
			panic(fmt.Sprintf("conv: %s = %d, must be 1 for average pooling", d.name, d.v))
		}
	}
	return g
}

// divisor returns the divisor of an output whose window has rows×cols
// taps inside the image.
func (g *geom) divisor(countPad bool, rows, cols int) int {
	if countPad {
		return g.R * g.S
	}
	return rows * cols
}

// avgPlane computes one plane of AvgPool: x its input, y its output. A
// sum is a chain of dependent additions, so the windows inside the image
// are summed four at a time.
func avgPlane[T kernels.Float](g *geom, countPad bool, x, y []T) {
	W, Q, S, sw := g.W, g.Q, g.S, g.StrideW
	for p := range g.P {
		ih, rows := g.rows(p)
		yr := y[p*Q : (p+1)*Q]
		for q := range g.qlo {
			avgEdge(g, countPad, x, yr, ih, rows, q)
		}
		div := T(g.divisor(countPad, rows, S)) // of the windows inside
		q, left := g.qlo, ih*W-g.PadLeft
		for ; q+4 <= g.qhi; q += 4 {
			var s0, s1, s2, s3 T
			for r, i := 0, left+q*sw; r < rows; r, i = r+1, i+W {
				for t := i; t < i+S; t++ {
					s0 += x[t]
					s1 += x[t+sw]
					s2 += x[t+2*sw]
					s3 += x[t+3*sw]
				}
			}
			yr[q], yr[q+1], yr[q+2], yr[q+3] = s0/div, s1/div, s2/div, s3/div
		}
		for ; q < g.qhi; q++ {
			var s T
			for r, i := 0, left+q*sw; r < rows; r, i = r+1, i+W {
				for _, v := range x[i : i+S] {
					s += v
				}
			}
			yr[q] = s / div
		}
		for ; q < Q; q++ {
			avgEdge(g, countPad, x, yr, ih, rows, q)
		}
	}
}

// avgEdge sets yr[q] for output column q of a row whose windows' taps
// inside the image start at input row ih and span rows rows.
func avgEdge[T kernels.Float](g *geom, countPad bool, x, yr []T, ih, rows, q int) {
	iw, n := g.cols(q)
	var s T
	for r, i := 0, ih*g.W+iw; r < rows; r, i = r+1, i+g.W {
		for _, v := range x[i : i+n] {
			s += v
		}
	}
	yr[q] = s / T(g.divisor(countPad, rows, n))
}

// avgPlane2x2 is avgPlane for a 2×2 window of stride 2 without padding,
// whose divisor is 4 either way. It adds in avgPlane's order.
func avgPlane2x2[T kernels.Float](g *geom, x, y []T) {
	W, Q := g.W, g.Q
	for p := range g.P {
		top := 2 * p * W
		a, b := x[top:top+2*Q], x[top+W:top+W+2*Q]
		yr := y[p*Q : (p+1)*Q]
		for q := range yr {
			var s T
			s += a[2*q]
			s += a[2*q+1]
			s += b[2*q]
			s += b[2*q+1]
			yr[q] = s / 4
		}
	}
}

// avgPlaneBackward computes one plane of AvgPoolBackward: dy its output
// gradient, dx its input gradient.
func avgPlaneBackward[T kernels.Float](g *geom, countPad bool, dy, dx []T) {
	clear(dx)
	W, Q, S, sw := g.W, g.Q, g.S, g.StrideW
	for p := range g.P {
		ih, rows := g.rows(p)
		dyr := dy[p*Q : (p+1)*Q]
		for q := range g.qlo {
			avgEdgeBackward(g, countPad, dyr, dx, ih, rows, q)
		}
		div := T(g.divisor(countPad, rows, S)) // of the windows inside
		left := ih*W - g.PadLeft
		for q := g.qlo; q < g.qhi; q++ {
			d := dyr[q] / div
			for r, i := 0, left+q*sw; r < rows; r, i = r+1, i+W {
				row := dx[i : i+S]
				for t := range row {
					row[t] += d
				}
			}
		}
		for q := g.qhi; q < Q; q++ {
			avgEdgeBackward(g, countPad, dyr, dx, ih, rows, q)
		}
	}
}

// avgEdgeBackward adds output column q's gradient dyr[q] to dx, for a row
// whose windows' taps inside the image start at input row ih and span rows
// rows.
func avgEdgeBackward[T kernels.Float](g *geom, countPad bool, dyr, dx []T, ih, rows, q int) {
	iw, n := g.cols(q)
	d := dyr[q] / T(g.divisor(countPad, rows, n))
	for r, i := 0, ih*g.W+iw; r < rows; r, i = r+1, i+g.W {
		row := dx[i : i+n]
		for t := range row {
			row[t] += d
		}
	}
}

// avgPlaneBackward2x2 is avgPlaneBackward for a 2×2 window of stride 2
// without padding: the windows do not overlap, and each element of dx
// under one receives its quarter of dy.
func avgPlaneBackward2x2[T kernels.Float](g *geom, dy, dx []T) {
	W, Q := g.W, g.Q
	if W%2 != 0 || g.H%2 != 0 {
		clear(dx) // the last column or row, under no window
	}
	for p := range g.P {
		top := 2 * p * W
		a, b := dx[top:top+2*Q], dx[top+W:top+W+2*Q]
		for q, d := range dy[p*Q : (p+1)*Q] {
			d /= 4
			a[2*q], a[2*q+1], b[2*q], b[2*q+1] = d, d, d, d
		}
	}
}
