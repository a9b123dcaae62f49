package conv

import (
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// GlobalAvgPool sets y[n,c], of y N×C, to the mean of the plane x[n,c,:,:]
// of x N×C×H×W: the sum of its H*W elements, accumulated in T by the Sum
// kernel (in an order of its own, the same for every call), divided by
// H*W. It is AvgPool with an H×W window, fast.
//
// x holds at least n*c*h*w elements, y at least n*c. GlobalAvgPool panics,
// naming the parameter, unless the sizes are positive and the slices are
// long enough.
func GlobalAvgPool[T kernels.Float](n, c, h, w int, x, y []T) {
	g := globalGeometry(n, c, h, w)
	checkLen("x", len(x), g.planes*g.hw)
	checkLen("y", len(y), g.planes)
	sum := pool.ByType[kernels.Vec[T]](&dispatch.F32().Vec, &dispatch.F64().Vec).Sum
	run(poolJob[T]{op: globalForward, g: g, in: x, out: y, sum: sum}, work(0, g.in))
}

// GlobalAvgPoolBackward sets dx, N×C×H×W, to the gradient of
// GlobalAvgPool's x given the gradient dy of its y, N×C: every element of
// the plane dx[n,c,:,:] to dy[n,c] / (H*W).
//
// dy holds at least n*c elements, dx at least n*c*h*w. It panics, naming
// the parameter, unless the sizes are positive and the slices are long
// enough.
func GlobalAvgPoolBackward[T kernels.Float](n, c, h, w int, dy, dx []T) {
	g := globalGeometry(n, c, h, w)
	checkLen("dy", len(dy), g.planes)
	checkLen("dx", len(dx), g.planes*g.hw)
	run(poolJob[T]{op: globalBackward, g: g, in: dy, out: dx}, work(0, g.in))
}

// globalGeometry checks a global pooling's sizes and returns its geom:
// one output per plane.
func globalGeometry(n, c, h, w int) geom {
	positive("N", n)
	positive("C", c)
	positive("H", h)
	positive("W", w)
	g := geom{Pool: Pool{N: n, C: c, H: h, W: w}, P: 1, Q: 1, hw: h * w, pq: 1, planes: n * c}
	g.in = float64(g.planes) * float64(g.hw)
	return g
}
