package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// depthwise returns the depthwise shape of n images of c channels, h×w,
// with its defaults set.
func depthwise(n, c, h, w int, win Window) Shape {
	return Shape{N: n, C: c, H: h, W: w, K: c, Groups: c, Window: win}.withDefaults()
}

// multiplied returns the shape of n images of c channels, h×w, each input
// channel with m output channels (PyTorch's depth multiplier), with its
// defaults set.
func multiplied(n, c, m, h, w int, win Window) Shape {
	return Shape{N: n, C: c, H: h, W: w, K: m * c, Groups: c, Window: win}.withDefaults()
}

// depthwiseShapes returns the shapes the depthwise tests run: the edges by
// name, then random ones.
func depthwiseShapes() []Shape {
	shapes := []Shape{
		depthwise(1, 2, 5, 7, Square(1, 1, 0)),   // 1x1
		depthwise(1, 1, 1, 1, Square(1, 1, 0)),   // a 1x1 image
		depthwise(3, 3, 9, 11, Square(3, 1, 1)),  // MobileNet's, batch 3
		depthwise(1, 2, 16, 37, Square(3, 1, 1)), // rows past a vector or two
		depthwise(1, 2, 12, 70, Square(5, 1, 2)), // 4 + 1 taps a row, long rows
		depthwise(3, 2, 9, 13, Square(3, 2, 1)),  // stride 2
		depthwise(1, 3, 10, 11, Square(2, 3, 0)), // stride > filter
		depthwise(1, 2, 6, 7, Square(3, 1, 4)),   // padding >= filter
		depthwise(1, 2, 4, 5, Square(2, 3, 3)),   // both, and stride > image rows
		depthwise(1, 1, 5, 5, Square(5, 1, 0)),   // output 1x1
		depthwise(3, 2, 3, 3, Square(3, 2, 0)),   // output 1x1, stride 2
		depthwise(1, 2, 9, 9, Square(1, 2, 0)),   // 1x1 stride 2
		depthwise(1, 2, 11, 12, Window{R: 3, S: 3, DilationH: 2, DilationW: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2}),
		depthwise(1, 2, 7, 19, Window{R: 2, S: 5, PadTop: 1, PadLeft: 3, PadRight: 1}),    // R != S, uneven padding
		depthwise(3, 1, 8, 30, Window{R: 1, S: 8, DilationW: 3, PadLeft: 4, PadRight: 9}), // two groups of four taps, dilated
		depthwise(1, 2, 13, 8, Window{R: 7, S: 2, StrideH: 2, PadTop: 3, PadBottom: 3}),   // strides differ
		depthwise(1, 2, 8, 15, Window{R: 3, S: 6, StrideW: 2, PadLeft: 2, PadRight: 2}),   // strides differ the other way
		depthwise(1, 2, 6, 9, Window{R: 3, S: 7, DilationH: 2, PadLeft: 8, PadRight: 8}),  // padding wider than the taps
		depthwise(1, 1, 9, 10, Window{R: 2, S: 4, StrideH: 3, StrideW: 3, DilationW: 2, PadTop: 1}),
	}
	r := rand.New(rand.NewPCG(7, 11))
	for len(shapes) < 60 {
		win := Window{R: 1 + r.IntN(6), S: 1 + r.IntN(6), StrideH: 1 + r.IntN(4), StrideW: 1 + r.IntN(4),
			DilationH: 1 + r.IntN(3), DilationW: 1 + r.IntN(3),
			PadTop: r.IntN(6), PadBottom: r.IntN(6), PadLeft: r.IntN(6), PadRight: r.IntN(6)}
		if r.IntN(2) == 0 { // half with unit strides, the common case
			win.StrideH, win.StrideW = 1, 1
		}
		n, c, h, w := []int{1, 3}[r.IntN(2)], 1+r.IntN(3), 1+r.IntN(16), 1+r.IntN(24)
		rows, cols := win.withDefaults().extent()
		if h+win.PadTop+win.PadBottom < rows || w+win.PadLeft+win.PadRight < cols {
			continue
		}
		shapes = append(shapes, depthwise(n, c, h, w, win))
	}
	return shapes
}

// describe names a shape in a failure message.
func describe(s Shape) string {
	return fmt.Sprintf("n%dc%dh%dw%d_r%ds%d_stride%d,%d_pad%d,%d,%d,%d_dilation%d,%d", s.N, s.C, s.H, s.W, s.R, s.S,
		s.StrideH, s.StrideW, s.PadTop, s.PadBottom, s.PadLeft, s.PadRight, s.DilationH, s.DilationW)
}

// problem is a depthwise shape with its input, filter and output gradient,
// values that float32 holds exactly, so one float64 reference serves both
// types.
type problem struct {
	s        Shape
	x, w, dy []float64
}

func newProblem(r *rand.Rand, s Shape) problem {
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(float32(2*r.Float64() - 1))
		}
		return v
	}
	return problem{s, fill(s.InputLen()), fill(s.FilterLen()), fill(s.OutputLen())}
}

// vecOf returns the kernels of element type T in set.
func vecOf[T kernels.Float](set *kernels.Set) *kernels.Vec[T] {
	if v, ok := any(&set.F32.Vec).(*kernels.Vec[T]); ok {
		return v
	}
	return any(&set.F64.Vec).(*kernels.Vec[T])
}

func eps[T kernels.Float]() float64 {
	if _, ok := any(T(0)).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

func convert[T, U kernels.Float](s []U) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = T(v)
	}
	return out
}

func abs(s []float64) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = math.Abs(v)
	}
	return out
}

func inner[T, U kernels.Float](a []T, b []U) float64 {
	var sum float64
	for i, v := range a {
		sum += float64(v) * float64(b[i])
	}
	return sum
}

// depthwiseOp is one of the depthwise functions: it writes out from in0
// and in1 over the planes or channels [from, to).
type depthwiseOp[T kernels.Float] func(v *kernels.Vec[T], s Shape, out, in0, in1 []T, from, to int)

// call is one run of a depthwise function: n planes (or channels) of unit
// output elements each.
type call[T kernels.Float] struct {
	op       depthwiseOp[T]
	n, unit  int
	in0, in1 []T
	arenas   [3]*guard.Arena
	back     bool // every slice against the back guard page, else the front one
	v        *kernels.Vec[T]
	s        Shape
	where    string
}

// run calls the function in two pieces, split inside the range, with its
// output and inputs against guard pages and the output filled with NaN
// first, and returns the output. The first piece must write its planes and
// none of the second's, nothing outside the output, and no input; the
// pieces must give the bits of a single call over the whole range.
func (c *call[T]) run(t *testing.T) []T {
	t.Helper()
	out := guard.Place[T](c.arenas[0], c.n*c.unit, 0, c.back)
	in0 := guard.Place[T](c.arenas[1], len(c.in0), 0, c.back)
	in1 := guard.Place[T](c.arenas[2], len(c.in1), 0, c.back)
	copy(in0, c.in0)
	copy(in1, c.in1)
	for i := range out {
		out[i] = T(math.NaN())
	}
	k := c.n / 2
	c.op(c.v, c.s, out, in0, in1, 0, k)
	for i, v := range out {
		require.Equalf(t, i < k*c.unit, v == v, "%s: after planes [0, %d), element %d = %v", c.where, k, i, v)
	}
	c.op(c.v, c.s, out, in0, in1, k, c.n)
	whole := make([]T, len(out))
	c.op(c.v, c.s, whole, c.in0, c.in1, 0, c.n)
	require.Equalf(t, whole, []T(out), "%s: pieces [0, %d) and [%d, %d) differ from one call", c.where, k, k, c.n)
	require.Truef(t, guard.Untouched(c.arenas[0], out), "%s: wrote outside the output", c.where)
	require.Equalf(t, c.in0, []T(in0), "%s: changed the first input", c.where)
	require.Equalf(t, c.in1, []T(in1), "%s: changed the second input", c.where)
	return append([]T(nil), out...)
}

// near requires got[i] within tol[i] of want[i] for every i.
func near[T kernels.Float](t *testing.T, got []T, want, tol []float64, where string) {
	t.Helper()
	require.Lenf(t, got, len(want), "%s", where)
	for i, g := range got {
		if d := math.Abs(float64(g) - want[i]); !(d <= tol[i]) {
			require.Failf(t, "wrong element", "%s: element %d = %v, want %v (tol %.3g)", where, i, g, want[i], tol[i])
		}
	}
}

// tolerance returns the error bound of sums of at most terms products whose
// magnitudes sum to mag[i], rounded in T.
func tolerance[T kernels.Float](terms int, mag []float64) []float64 {
	tol := make([]float64, len(mag))
	for i, m := range mag {
		tol[i] = 2*float64(terms+2)*eps[T]()*m + 1e-12
	}
	return tol
}

// each runs f on every ISA and both element types, with fresh guard arenas,
// as subtests named after the shape.
func each(t *testing.T, s Shape, f32 func(*testing.T, *kernels.Vec[float32], [3]*guard.Arena), f64 func(*testing.T, *kernels.Vec[float64], [3]*guard.Arena)) {
	arenas := [3]*guard.Arena{guard.New(1 << 18), guard.New(1 << 18), guard.New(1 << 18)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	for _, set := range sets() {
		t.Run(describe(s)+"/"+set.ISA.String()+"/float32", func(t *testing.T) { f32(t, vecOf[float32](set), arenas) })
		t.Run(describe(s)+"/"+set.ISA.String()+"/float64", func(t *testing.T) { f64(t, vecOf[float64](set), arenas) })
	}
}

// TestDepthwiseForward compares depthwiseForward with the reference on
// every shape, ISA and type.
func TestDepthwiseForward(t *testing.T) {
	forwardCases(t, rand.New(rand.NewPCG(1, 2)), depthwiseShapes())
}

// forwardCases compares depthwiseForward with the reference on shapes,
// every ISA and type.
func forwardCases(t *testing.T, r *rand.Rand, shapes []Shape) {
	for i, s := range shapes {
		pr := newProblem(r, s)
		want := referenceForward(s, pr.x, pr.w)
		mag := referenceForward(s, abs(pr.x), abs(pr.w))
		each(t, s, func(t *testing.T, v *kernels.Vec[float32], a [3]*guard.Arena) {
			depthwiseCase(t, v, a, pr, i%2 == 1, want, mag)
		}, func(t *testing.T, v *kernels.Vec[float64], a [3]*guard.Arena) {
			depthwiseCase(t, v, a, pr, i%2 == 1, want, mag)
		})
	}
}

// TestDepthwiseForwardMultiplier compares depthwiseForward with the
// reference where each input channel has several output channels (K = m*C,
// PyTorch's depth multiplier), whose planes share one padded input: on
// the 5x5, 3x3 and 3x3 stride-2 kernels and on the row loop, with the
// planes split inside a channel's.
func TestDepthwiseForwardMultiplier(t *testing.T) {
	forwardCases(t, rand.New(rand.NewPCG(3, 4)), []Shape{
		multiplied(2, 1, 6, 28, 28, Square(5, 1, 2)), // LeNet-5's first layer
		multiplied(1, 3, 2, 9, 11, Square(3, 1, 1)),
		multiplied(1, 2, 3, 9, 13, Square(3, 2, 1)),
		multiplied(1, 3, 2, 7, 8, Window{R: 2, S: 4, PadLeft: 1}),
	})
}

func depthwiseCase[T kernels.Float](t *testing.T, v *kernels.Vec[T], arenas [3]*guard.Arena, pr problem, back bool, want, mag []float64) {
	s := pr.s
	p, q := s.Out()
	forward := func(v *kernels.Vec[T], s Shape, y, x, w []T, from, to int) {
		depthwiseForward(v, s, y, x, w, from, to, new([]T))
	}
	c := call[T]{op: forward, n: s.N * s.K, unit: p * q, in0: convert[T](pr.x), in1: convert[T](pr.w),
		arenas: arenas, back: back, v: v, s: s, where: "forward " + describe(s)}
	near(t, c.run(t), want, tolerance[T](s.R*s.S, mag), c.where)
}

// The gradients' references are central differences of the float64
// reference: the gradient of L = <dy, conv(x, w)> with respect to x (or w)
// at element i is (L(x + h e_i) - L(x - h e_i)) / 2h. The convolution is
// linear in each, so h = 1 leaves only the rounding of L. Each plane is a
// problem of its own, which keeps the differences cheap.

// plane returns channel c of image n of pr as a problem of one plane.
func plane(pr problem, n, c int) problem {
	s := pr.s
	one := depthwise(1, 1, s.H, s.W, s.Window)
	hw, pq, rs := s.H*s.W, one.OutputLen(), s.R*s.S
	i := n*s.C + c
	return problem{one, pr.x[i*hw : (i+1)*hw], pr.w[c*rs : (c+1)*rs], pr.dy[i*pq : (i+1)*pq]}
}

// difference returns the central difference of f at each element of v.
func difference(v []float64, f func() float64) []float64 {
	g := make([]float64, len(v))
	for i := range v {
		was := v[i]
		v[i] = was + 1
		up := f()
		v[i] = was - 1
		down := f()
		v[i] = was
		g[i] = (up - down) / 2
	}
	return g
}

// inputGradient returns the gradient of <dy, conv(x, w)> with respect to
// x by central differences.
func inputGradient(pr problem) []float64 {
	s := pr.s
	var g []float64
	for n := range s.N {
		for c := range s.C {
			one := plane(pr, n, c)
			x := append([]float64(nil), one.x...)
			g = append(g, difference(x, func() float64 { return inner(one.dy, referenceForward(one.s, x, one.w)) })...)
		}
	}
	return g
}

// filterGradientReference returns the gradient of <dy, conv(x, w)> with
// respect to w by central differences, summed over the images in ascending order.
func filterGradientReference(pr problem) []float64 {
	s := pr.s
	rs := s.R * s.S
	g := make([]float64, s.C*rs)
	for n := range s.N {
		for c := range s.C {
			one := plane(pr, n, c)
			w := append([]float64(nil), one.w...)
			d := difference(w, func() float64 { return inner(one.dy, referenceForward(one.s, one.x, w)) })
			for j, v := range d {
				g[c*rs+j] += v
			}
		}
	}
	return g
}

// TestDepthwiseBackwardData compares depthwiseBackwardData with central
// differences of the reference on every shape, ISA and type.
func TestDepthwiseBackwardData(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i, s := range depthwiseShapes() {
		pr := newProblem(r, s)
		want := inputGradient(pr)
		mag := inputGradient(problem{s, pr.x, abs(pr.w), abs(pr.dy)})
		each(t, s, func(t *testing.T, v *kernels.Vec[float32], a [3]*guard.Arena) {
			backwardDataCase(t, v, a, pr, i%2 == 0, want, mag)
		}, func(t *testing.T, v *kernels.Vec[float64], a [3]*guard.Arena) {
			backwardDataCase(t, v, a, pr, i%2 == 0, want, mag)
		})
	}
}

func backwardDataCase[T kernels.Float](t *testing.T, v *kernels.Vec[T], arenas [3]*guard.Arena, pr problem, back bool, want, mag []float64) {
	s := pr.s
	turned := make([]T, s.FilterLen())
	turnFilter(turned, convert[T](pr.w), s.R*s.S)
	data := func(v *kernels.Vec[T], s Shape, dx, dy, w []T, from, to int) {
		depthwiseBackwardData(v, s, dx, dy, w, turned, from, to, new([]T), new([]T))
	}
	c := call[T]{op: data, n: s.N * s.C, unit: s.H * s.W, in0: convert[T](pr.dy), in1: convert[T](pr.w),
		arenas: arenas, back: back, v: v, s: s, where: "backward data " + describe(s)}
	near(t, c.run(t), want, tolerance[T](s.R*s.S, mag), c.where)
}

// TestDepthwiseBackwardFilter compares depthwiseBackwardFilter with
// central differences of the reference on every shape, ISA and type.
func TestDepthwiseBackwardFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i, s := range depthwiseShapes() {
		pr := newProblem(r, s)
		want := filterGradientReference(pr)
		mag := filterGradientReference(problem{s, abs(pr.x), pr.w, abs(pr.dy)})
		each(t, s, func(t *testing.T, v *kernels.Vec[float32], a [3]*guard.Arena) {
			backwardFilterCase(t, v, a, pr, i%2 == 1, want, mag)
		}, func(t *testing.T, v *kernels.Vec[float64], a [3]*guard.Arena) {
			backwardFilterCase(t, v, a, pr, i%2 == 1, want, mag)
		})
	}
}

// TestDepthwiseBackwardFilterMultiplier compares depthwiseBackwardFilter
// with the reference where each input channel has several output
// channels, whose filter gradients share DotRows3x4 calls from three on:
// LeNet-5's first layer, a channel's outputs split between the two calls
// of the test, filters narrower and wider than four taps, dilated, and
// two outputs a channel, which stay on DotRows.
func TestDepthwiseBackwardFilterMultiplier(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	for i, s := range []Shape{
		multiplied(2, 1, 6, 28, 28, Square(5, 1, 2)), // LeNet-5's first layer
		multiplied(3, 1, 5, 9, 11, Square(3, 1, 1)),
		multiplied(1, 2, 4, 7, 13, Window{R: 2, S: 7, PadLeft: 3, PadRight: 2}),
		multiplied(2, 3, 3, 8, 9, Window{R: 3, S: 3, DilationH: 2, DilationW: 2, PadTop: 2, PadLeft: 1}),
		multiplied(1, 3, 2, 6, 10, Square(3, 1, 1)),
	} {
		pr := newProblem(r, s)
		want, mag := make([]float64, s.FilterLen()), make([]float64, s.FilterLen())
		eachTap(s, func(xi, wi, yi int) {
			want[wi] += pr.x[xi] * pr.dy[yi]
			mag[wi] += math.Abs(pr.x[xi] * pr.dy[yi])
		})
		each(t, s, func(t *testing.T, v *kernels.Vec[float32], a [3]*guard.Arena) {
			backwardFilterCase(t, v, a, pr, i%2 == 1, want, mag)
		}, func(t *testing.T, v *kernels.Vec[float64], a [3]*guard.Arena) {
			backwardFilterCase(t, v, a, pr, i%2 == 1, want, mag)
		})
	}
}

func backwardFilterCase[T kernels.Float](t *testing.T, v *kernels.Vec[T], arenas [3]*guard.Arena, pr problem, back bool, want, mag []float64) {
	s := pr.s
	p, q := s.Out()
	filter := func(v *kernels.Vec[T], s Shape, dw, dy, x []T, from, to int) {
		depthwiseBackwardFilter(v, s, dw, dy, x, from, to, 0, s.N, new([]T), new([]T), new([]int))
	}
	c := call[T]{op: filter, n: s.K, unit: s.R * s.S, in0: convert[T](pr.dy), in1: convert[T](pr.x),
		arenas: arenas, back: back, v: v, s: s, where: "backward filter " + describe(s)}
	near(t, c.run(t), want, tolerance[T](s.N*p*q, mag), c.where)
}

// TestDepthwiseAdjoint checks the three functions against each other on
// every shape, ISA and type: the convolution is linear in x and in w, so
// <dy, conv(x, w)> = <dx, x> = <dw, w>, up to the rounding of each.
func TestDepthwiseAdjoint(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, s := range depthwiseShapes() {
		pr := newProblem(r, s)
		// Every term of the three sums is a product dy*x*w; mag sums their
		// magnitudes.
		mag := inner(abs(pr.dy), referenceForward(s, abs(pr.x), abs(pr.w)))
		for _, set := range sets() {
			adjointCase(t, vecOf[float32](set), pr, mag, set.ISA)
			adjointCase(t, vecOf[float64](set), pr, mag, set.ISA)
		}
	}
}

func adjointCase[T kernels.Float](t *testing.T, v *kernels.Vec[T], pr problem, mag float64, isa kernels.ISA) {
	s := pr.s
	x, w, dy := convert[T](pr.x), convert[T](pr.w), convert[T](pr.dy)
	y, dx, dw := make([]T, s.OutputLen()), make([]T, s.InputLen()), make([]T, s.FilterLen())
	depthwiseForward(v, s, y, x, w, 0, s.N*s.C, new([]T))
	turned := make([]T, len(w))
	turnFilter(turned, w, s.R*s.S)
	depthwiseBackwardData(v, s, dx, dy, w, turned, 0, s.N*s.C, new([]T), new([]T))
	depthwiseBackwardFilter(v, s, dw, dy, x, 0, s.C, 0, s.N, new([]T), new([]T), new([]int))
	p, q := s.Out()
	tol := 2 * float64(s.R*s.S+s.N*p*q+4) * eps[T]() * mag
	want := inner(dy, y)
	where := fmt.Sprintf("%s %T %s", isa, x[0], describe(s))
	require.InDeltaf(t, want, inner(dx, x), tol, "%s: <dx, x> against <dy, y>", where)
	require.InDeltaf(t, want, inner(dw, w), tol, "%s: <dw, w> against <dy, y>", where)
}
