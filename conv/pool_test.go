package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// The pooling tests' shapes and helpers, and the tests of what all the
// pooling functions share: threads, allocations, guard pages, panics.

// poolEdgeCases are shapes at the edges of the loops: window 1, R != S,
// stride above the window, padding on some sides, the 2×2 stride-2 fast
// path on odd sizes, output 1×1, a single row, batches.
var poolEdgeCases = []Pool{
	{N: 1, C: 1, H: 3, W: 4, Window: Square(1, 1, 0)},
	{N: 2, C: 3, H: 5, W: 7, Window: Square(2, 2, 0)},
	{N: 1, C: 2, H: 4, W: 6, Window: Square(2, 2, 0)},
	{N: 2, C: 3, H: 6, W: 7, Window: Square(2, 2, 0)}, // planes whose rows follow one another, a column left over
	{N: 2, C: 2, H: 7, W: 7, Window: Square(3, 2, 1)},
	{N: 1, C: 1, H: 6, W: 5, Window: Window{R: 2, S: 3, StrideH: 3, StrideW: 1, PadTop: 1, PadLeft: 1, PadRight: 1}},
	{N: 1, C: 2, H: 8, W: 9, Window: Square(2, 3, 0)},
	{N: 2, C: 1, H: 5, W: 3, Window: Window{R: 5, S: 3}},
	{N: 1, C: 1, H: 1, W: 7, Window: Window{R: 1, S: 3, StrideW: 2, PadLeft: 1}},
	{N: 3, C: 2, H: 6, W: 6, Window: Square(3, 3, 1)},
	{N: 1, C: 1, H: 2, W: 2, Window: Square(2, 1, 1)},
	{N: 1, C: 3, H: 9, W: 11, Window: Window{R: 4, S: 5, StrideH: 2, StrideW: 3, PadTop: 2, PadBottom: 1, PadRight: 2}},
}

// poolDilatedCases are max pooling's edge shapes with dilation.
var poolDilatedCases = []Pool{
	{N: 1, C: 1, H: 9, W: 10, Window: Window{R: 3, S: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, DilationH: 2, DilationW: 3}},
	{N: 2, C: 2, H: 7, W: 8, Window: Window{R: 2, S: 2, StrideH: 2, StrideW: 2, DilationH: 2, DilationW: 2}},
	{N: 1, C: 1, H: 5, W: 5, Window: Window{R: 3, S: 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, DilationH: 2, DilationW: 2}},
}

// poolCases returns the edge cases and count random shapes; with dilate,
// shapes with dilation too, every window of which reads the image.
func poolCases(r *rand.Rand, dilate bool, count int) []Pool {
	cases := append([]Pool(nil), poolEdgeCases...)
	if dilate {
		cases = append(cases, poolDilatedCases...)
	}
	for len(cases) < len(poolEdgeCases)+count {
		w := Window{R: 1 + r.IntN(4), S: 1 + r.IntN(4), StrideH: 1 + r.IntN(4), StrideW: 1 + r.IntN(4)}
		if r.IntN(3) == 0 { // zero means 1
			w.StrideH = 0
		}
		if dilate && r.IntN(2) == 0 {
			w.DilationH, w.DilationW = 1+r.IntN(3), 1+r.IntN(3)
		}
		w.PadTop, w.PadBottom = r.IntN(w.R/2+1), r.IntN(w.R/2+1)
		w.PadLeft, w.PadRight = r.IntN(w.S/2+1), r.IntN(w.S/2+1)
		d := w.withDefaults()
		rows, cols := d.extent()
		p := Pool{N: 1 + r.IntN(3), C: 1 + r.IntN(3), Window: w,
			H: max(1, rows-w.PadTop-w.PadBottom+r.IntN(10)), W: max(1, cols-w.PadLeft-w.PadRight+r.IntN(10))}
		if _, _, ok := refMaxPool(p, make([]float64, p.InputLen())); ok {
			cases = append(cases, p)
		}
	}
	return cases
}

// distinct returns n different values, exact in float32, in random order.
func distinct(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i, k := range r.Perm(n) {
		x[i] = float64(k-n/2) / 8
	}
	return x
}

// uniform returns n values in [-1, 1).
func uniform(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 2*r.Float64() - 1
	}
	return x
}

// dyadic returns n small multiples of 1/8, whose sums are exact in float32.
func dyadic(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(r.IntN(129)-64) / 8
	}
	return x
}

func toT[T kernels.Float](x []float64) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}

func filled[T kernels.Float](n int, v T) []T {
	y := make([]T, n)
	for i := range y {
		y[i] = v
	}
	return y
}

// poolEps returns T's machine epsilon.
func poolEps[T kernels.Float]() float64 {
	if _, ok := any(T(0)).(float32); ok {
		return 0x1p-23
	}
	return 0x1p-52
}

// requireSame fails unless got equals want exactly, NaN equal to NaN.
func requireSame[T kernels.Float](t *testing.T, want []float64, got []T, where string) {
	t.Helper()
	require.Len(t, got, len(want), where)
	for i, w := range want {
		g := float64(got[i])
		if !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
			require.Failf(t, "wrong value", "%s: [%d] = %v, want %v", where, i, g, w)
		}
	}
}

// requireNear fails unless got is within tol of want, NaN equal to NaN.
func requireNear[T kernels.Float](t *testing.T, want []float64, got []T, tol float64, where string) {
	t.Helper()
	require.Len(t, got, len(want), where)
	for i, w := range want {
		g := float64(got[i])
		if !(math.Abs(g-w) <= tol || math.IsNaN(g) && math.IsNaN(w)) {
			require.Failf(t, "wrong value", "%s: [%d] = %v, want %v (tolerance %g)", where, i, g, w, tol)
		}
	}
}

// bothTypes runs f for float32 and float64.
func bothTypes(t *testing.T, f32, f64 func(*testing.T)) {
	t.Run("float32", f32)
	t.Run("float64", f64)
}

// bigPool is a pooling large enough that par splits it among 3 threads,
// and bigGlobal a global pooling.
var (
	bigPool   = Pool{N: 2, C: 8, H: 40, W: 40, Window: Square(3, 1, 1)}
	bigGlobal = [4]int{4, 64, 80, 80}
)

func TestPoolSplits(t *testing.T) {
	g := geometry(bigPool)
	parts, _ := par.Split(work(g.taps, 0), g.planes, 1, 3)
	require.Equal(t, 3, parts, "bigPool no longer splits among 3 threads")
	g = globalGeometry(bigGlobal[0], bigGlobal[1], bigGlobal[2], bigGlobal[3])
	parts, _ = par.Split(work(0, g.in), g.planes, 1, 3)
	require.Equal(t, 3, parts, "bigGlobal no longer splits among 3 threads")
}

// TestPoolThreads checks that every pooling gives the same bits on 1, 2
// and 3 threads.
func TestPoolThreads(t *testing.T) {
	bothTypes(t, poolThreads[float32], poolThreads[float64])
}

func poolThreads[T kernels.Float](t *testing.T) {
	defer par.SetThreads(0)
	r := rand.New(rand.NewPCG(1, 2))
	p, fast := bigPool, bigPool
	fast.Window = Square(2, 2, 0)
	x, dy := toT[T](uniform(r, p.InputLen())), toT[T](uniform(r, p.InputLen()))
	xg := toT[T](uniform(r, bigGlobal[0]*bigGlobal[1]*bigGlobal[2]*bigGlobal[3]))
	runAll := func() [][]T {
		var out [][]T
		for _, p := range []Pool{p, fast} {
			y, dx, dx2 := make([]T, p.OutputLen()), make([]T, p.InputLen()), make([]T, p.InputLen())
			argmax := make([]int32, p.OutputLen())
			MaxPool(p, x, y, argmax)
			MaxPoolBackward(p, dy, argmax, dx)
			dxr := make([]T, p.InputLen())
			MaxPoolReLUBackward(p, dy, y, argmax, dxr)
			ya, yb := make([]T, p.OutputLen()), make([]T, p.OutputLen())
			AvgPool(p, true, x, ya)
			AvgPool(p, false, x, yb)
			AvgPoolBackward(p, false, dy, dx2)
			out = append(out, y, dx, dxr, ya, yb, dx2)
		}
		n, c, h, w := bigGlobal[0], bigGlobal[1], bigGlobal[2], bigGlobal[3]
		yg, dxg := make([]T, n*c), make([]T, n*c*h*w)
		GlobalAvgPool(n, c, h, w, xg, yg)
		GlobalAvgPoolBackward(n, c, h, w, yg, dxg)
		return append(out, yg, dxg)
	}
	par.SetThreads(1)
	want := runAll()
	for _, n := range []int{2, 3} {
		par.SetThreads(n)
		got := runAll()
		for i := range want {
			for k := range want[i] {
				if math.Float64bits(float64(got[i][k])) != math.Float64bits(float64(want[i][k])) {
					require.Failf(t, "thread count changes results", "%d threads: result %d [%d] = %v, 1 thread %v", n, i, k, got[i][k], want[i][k])
				}
			}
		}
	}
}

// TestPoolAllocs checks that no pooling call allocates, on one goroutine
// and on several.
func TestPoolAllocs(t *testing.T) {
	defer par.SetThreads(0)
	for _, threads := range []int{1, 3} {
		par.SetThreads(threads)
		n, c, h, w := bigGlobal[0], bigGlobal[1], bigGlobal[2], bigGlobal[3]
		xg, yg := make([]float32, n*c*h*w), make([]float32, n*c)
		for _, p := range []Pool{bigPool, {N: 1, C: 1, H: 5, W: 5, Window: Square(2, 2, 0)}} {
			x, y, dx := make([]float32, p.InputLen()), make([]float32, p.OutputLen()), make([]float32, p.InputLen())
			argmax := make([]int32, p.OutputLen())
			calls := map[string]func(){
				"MaxPool":                   func() { MaxPool(p, x, y, argmax) },
				"MaxPool without argmax":    func() { MaxPool(p, x, y, nil) },
				"MaxPoolBackward":           func() { MaxPoolBackward(p, y, argmax, dx) },
				"MaxPoolReLUBackward":       func() { MaxPoolReLUBackward(p, y, y, argmax, dx) },
				"AvgPool":                   func() { AvgPool(p, true, x, y) },
				"AvgPoolBackward":           func() { AvgPoolBackward(p, false, y, dx) },
				"GlobalAvgPool":             func() { GlobalAvgPool(p.N, p.C, p.H, p.W, x, y) },
				"GlobalAvgPoolBackward":     func() { GlobalAvgPoolBackward(p.N, p.C, p.H, p.W, y, dx) },
				"big GlobalAvgPool":         func() { GlobalAvgPool(n, c, h, w, xg, yg) },
				"big GlobalAvgPoolBackward": func() { GlobalAvgPoolBackward(n, c, h, w, yg, xg) },
			}
			for name, f := range calls {
				f() // warm the pools
				require.Zero(t, testing.AllocsPerRun(20, f), "%s %+v, %d threads", name, p, threads)
			}
		}
	}
}

// TestPoolGuarded runs every pooling with its slices of exactly the length
// they need against the front and the back guard pages, and checks that
// nothing was written around the outputs.
func TestPoolGuarded(t *testing.T) {
	bothTypes(t, poolGuarded[float32], poolGuarded[float64])
}

func poolGuarded[T kernels.Float](t *testing.T) {
	var arenas [5]*guard.Arena // x, y, dy, dx, argmax
	for i := range arenas {
		arenas[i] = guard.New(1 << 16)
		defer arenas[i].Free()
	}
	r := rand.New(rand.NewPCG(3, 4))
	cases := append(append([]Pool{}, poolEdgeCases...), poolDilatedCases...)
	for _, p := range cases {
		for _, back := range []bool{false, true} {
			where := fmt.Sprintf("%+v back=%v", p, back)
			in, out := p.InputLen(), p.OutputLen()
			xv, dyv := distinct(r, in), dyadic(r, out)
			x, y := guard.Place[T](arenas[0], in, 0, back), guard.Place[T](arenas[1], out, 0, !back)
			dy, dx := guard.Place[T](arenas[2], out, 0, back), guard.Place[T](arenas[3], in, 0, !back)
			argmax := guard.Place[int32](arenas[4], out, 0, back)
			copy(x, toT[T](xv))
			copy(dy, toT[T](dyv))
			untouched := func(what string) {
				require.True(t, guard.Untouched(arenas[1], y) && guard.Untouched(arenas[3], dx) && guard.Untouched(arenas[4], argmax),
					"%s: %s wrote outside its outputs", where, what)
			}

			wantY, wantArg, _ := refMaxPool(p, xv)
			MaxPool(p, x, y, nil)
			requireSame(t, wantY, y, where+" MaxPool without argmax")
			MaxPool(p, x, y, argmax)
			requireSame(t, wantY, y, where+" MaxPool")
			require.Equal(t, wantArg, append([]int32(nil), argmax...), where+" MaxPool argmax")
			MaxPoolBackward(p, dy, argmax, dx)
			requireSame(t, refMaxPoolBackward(p, dyv, wantArg), dx, where+" MaxPoolBackward")
			gated := make([]float64, out)
			for o, v := range wantY {
				if v > 0 {
					gated[o] = dyv[o]
				}
			}
			MaxPoolReLUBackward(p, dy, y, argmax, dx)
			requireSame(t, refMaxPoolBackward(p, gated, wantArg), dx, where+" MaxPoolReLUBackward")
			untouched("MaxPool")
			if p.DilationH > 1 {
				continue
			}

			tol := 16 * poolEps[T]() * float64(in)
			AvgPool(p, false, x, y)
			requireNear(t, refAvgPool(p, false, xv), y, tol, where+" AvgPool")
			AvgPoolBackward(p, true, dy, dx)
			requireNear(t, refAvgPoolBackward(p, true, dyv), dx, tol, where+" AvgPoolBackward")
			untouched("AvgPool")

			planes := p.N * p.C
			yg, dyg := guard.Place[T](arenas[1], planes, 0, !back), guard.Place[T](arenas[2], planes, 0, back)
			copy(dyg, dy)
			GlobalAvgPool(p.N, p.C, p.H, p.W, x, yg)
			requireNear(t, refGlobalAvgPool(planes, p.H*p.W, xv), yg, tol, where+" GlobalAvgPool")
			GlobalAvgPoolBackward(p.N, p.C, p.H, p.W, dyg, dx)
			wantDx := make([]float64, in)
			for i := range wantDx {
				wantDx[i] = float64(dyg[i/(p.H*p.W)]) / float64(p.H*p.W)
			}
			requireNear(t, wantDx, dx, tol, where+" GlobalAvgPoolBackward")
			require.True(t, guard.Untouched(arenas[1], yg) && guard.Untouched(arenas[3], dx), "%s: GlobalAvgPool wrote outside its outputs", where)
		}
	}
}

// TestPoolPanics checks every panic's message, and that a call that
// panics has written nothing.
func TestPoolPanics(t *testing.T) {
	ok := Pool{N: 1, C: 2, H: 3, W: 3, Window: Square(2, 1, 0)} // output 2×2
	with := func(f func(*Pool)) Pool {
		p := ok
		f(&p)
		return p
	}
	in, out := ok.InputLen(), ok.OutputLen()
	x, y, dx, dy := make([]float64, in), make([]float64, out), make([]float64, in), make([]float64, out)
	argmax := make([]int32, out)
	shapes := []struct {
		p   Pool
		msg string
	}{
		{with(func(p *Pool) { p.N = 0 }), "conv: N = 0, must be positive"},
		{with(func(p *Pool) { p.C = -1 }), "conv: C = -1, must be positive"},
		{with(func(p *Pool) { p.H = 0 }), "conv: H = 0, must be positive"},
		{with(func(p *Pool) { p.W = 0 }), "conv: W = 0, must be positive"},
		{with(func(p *Pool) { p.R = 0 }), "conv: window height R = 0, must be positive"},
		{with(func(p *Pool) { p.S = -2 }), "conv: window width S = -2, must be positive"},
		{with(func(p *Pool) { p.StrideH = -1 }), "conv: StrideH = -1, must be positive"},
		{with(func(p *Pool) { p.StrideW = -3 }), "conv: StrideW = -3, must be positive"},
		{with(func(p *Pool) { p.DilationW = -1 }), "conv: DilationW = -1, must be positive"},
		{with(func(p *Pool) { p.PadTop = -1 }), "conv: PadTop = -1, must not be negative"},
		{with(func(p *Pool) { p.PadRight = -2 }), "conv: PadRight = -2, must not be negative"},
		{with(func(p *Pool) { p.Window = Square(5, 1, 0) }), "conv: input 3x3 with padding 0 is smaller than window 5x5"},
		{with(func(p *Pool) { p.Window = Window{R: 4, S: 1, PadLeft: 1} }),
			"conv: input 3x3 with padding 0,0,1,0 (top, bottom, left, right) is smaller than window 4x1"},
		{with(func(p *Pool) { p.PadTop = 2; p.R = 3 }), "conv: PadTop = 2, must be at most half the window height R = 3"},
		{with(func(p *Pool) { p.PadBottom = 1; p.R = 1 }), "conv: PadBottom = 1, must be at most half the window height R = 1"},
		{with(func(p *Pool) { p.PadLeft = 2 }), "conv: PadLeft = 2, must be at most half the window width S = 2"},
		{with(func(p *Pool) { p.PadRight = 3; p.S = 3 }), "conv: PadRight = 3, must be at most half the window width S = 3"},
	}
	for _, c := range shapes {
		require.PanicsWithValue(t, c.msg, func() { MaxPool(c.p, x, y, argmax) }, "MaxPool %+v", c.p)
		require.PanicsWithValue(t, c.msg, func() { MaxPoolBackward(c.p, dy, argmax, dx) }, "MaxPoolBackward %+v", c.p)
		require.PanicsWithValue(t, c.msg, func() { AvgPool(c.p, true, x, y) }, "AvgPool %+v", c.p)
		require.PanicsWithValue(t, c.msg, func() { AvgPoolBackward(c.p, false, dy, dx) }, "AvgPoolBackward %+v", c.p)
	}

	// Dilation: a window that reads only padding, and average pooling.
	rows := Pool{N: 1, C: 1, H: 2, W: 3, Window: Window{R: 2, S: 1, PadTop: 1, PadBottom: 1, DilationH: 3}} // rows -1, 2
	cols := Pool{N: 1, C: 1, H: 3, W: 2, Window: Window{R: 1, S: 2, PadLeft: 1, PadRight: 1, DilationW: 3}} // columns -1, 2
	for _, c := range []struct {
		p   Pool
		msg string
	}{
		{rows, "conv: the window of output row 0 reads only padding, with DilationH = 3"},
		{cols, "conv: the window of output column 0 reads only padding, with DilationW = 3"},
	} {
		big := make([]float64, 100)
		require.PanicsWithValue(t, c.msg, func() { MaxPool(c.p, big, big, nil) })
		require.PanicsWithValue(t, c.msg, func() { MaxPoolBackward(c.p, big, argmax, big) })
	}
	dilated := with(func(p *Pool) { p.DilationH = 2; p.R = 1 })
	require.PanicsWithValue(t, "conv: DilationH = 2, must be 1 for average pooling", func() { AvgPool(dilated, true, x, y) })
	require.PanicsWithValue(t, "conv: DilationH = 2, must be 1 for average pooling", func() { AvgPoolBackward(dilated, true, dy, dx) })
	dilated = with(func(p *Pool) { p.DilationW = 2 })
	require.PanicsWithValue(t, "conv: DilationW = 2, must be 1 for average pooling", func() { AvgPool(dilated, false, x, y) })
	require.NotPanics(t, func() { MaxPool(dilated, x, y, nil) })

	// Lengths.
	short := func(n int) []float64 { return make([]float64, n-1) }
	lens := []struct {
		f   func()
		msg string
	}{
		{func() { MaxPool(ok, short(in), y, argmax) }, "conv: x has 17 elements, shape needs 18"},
		{func() { MaxPool(ok, x, short(out), argmax) }, "conv: y has 7 elements, shape needs 8"},
		{func() { MaxPool(ok, x, y, argmax[1:]) }, "conv: argmax has 7 elements, shape needs 8"},
		{func() { MaxPool(ok, x, y, []int32{}) }, "conv: argmax has 0 elements, shape needs 8"},
		{func() { MaxPoolBackward(ok, short(out), argmax, dx) }, "conv: dy has 7 elements, shape needs 8"},
		{func() { MaxPoolBackward(ok, dy, nil, dx) }, "conv: argmax has 0 elements, shape needs 8"},
		{func() { MaxPoolBackward(ok, dy, argmax, short(in)) }, "conv: dx has 17 elements, shape needs 18"},
		{func() { MaxPoolReLUBackward(ok, dy, short(out), argmax, dx) }, "conv: y has 7 elements, shape needs 8"},
		{func() { MaxPoolReLUBackward(ok, dy, y, argmax[1:], dx) }, "conv: argmax has 7 elements, shape needs 8"},
		{func() { AvgPool(ok, true, short(in), y) }, "conv: x has 17 elements, shape needs 18"},
		{func() { AvgPool(ok, false, x, short(out)) }, "conv: y has 7 elements, shape needs 8"},
		{func() { AvgPoolBackward(ok, true, short(out), dx) }, "conv: dy has 7 elements, shape needs 8"},
		{func() { AvgPoolBackward(ok, false, dy, short(in)) }, "conv: dx has 17 elements, shape needs 18"},
		{func() { GlobalAvgPool(1, 2, 3, 3, short(in), y) }, "conv: x has 17 elements, shape needs 18"},
		{func() { GlobalAvgPool(1, 2, 3, 3, x, short(2)) }, "conv: y has 1 elements, shape needs 2"},
		{func() { GlobalAvgPoolBackward(1, 2, 3, 3, short(2), dx) }, "conv: dy has 1 elements, shape needs 2"},
		{func() { GlobalAvgPoolBackward(1, 2, 3, 3, dy, short(in)) }, "conv: dx has 17 elements, shape needs 18"},
		{func() { GlobalAvgPool(0, 2, 3, 3, x, y) }, "conv: N = 0, must be positive"},
		{func() { GlobalAvgPool(1, 0, 3, 3, x, y) }, "conv: C = 0, must be positive"},
		{func() { GlobalAvgPoolBackward(1, 2, -1, 3, dy, dx) }, "conv: H = -1, must be positive"},
		{func() { GlobalAvgPoolBackward(1, 2, 3, 0, dy, dx) }, "conv: W = 0, must be positive"},
		{func() { MaxPool(Pool{N: 1, C: 1, H: 1 << 16, W: 1 << 15, Window: Square(2, 2, 0)}, x, y, argmax) },
			"conv: input plane 65536x32768 has more elements than argmax's int32 can index"},
	}
	for _, c := range lens {
		require.PanicsWithValue(t, c.msg, c.f)
	}
	// A big plane without argmax passes the check (and fails on x).
	require.PanicsWithValue(t, "conv: x has 18 elements, shape needs 2147483648", func() {
		MaxPool(Pool{N: 1, C: 1, H: 1 << 16, W: 1 << 15, Window: Square(2, 2, 0)}, x, y, nil)
	})

	// Nothing written by a call that panicked.
	for _, s := range [][]float64{x, y, dx, dy} {
		require.Equal(t, make([]float64, len(s)), s)
	}
	require.Equal(t, make([]int32, out), argmax)

	// An argmax outside its plane, found as the planes are routed, in
	// parallel where they split (dx is then partly written): the first
	// such output is named.
	require.PanicsWithValue(t, "conv: argmax[3] = 9, outside the input plane of 9 elements", func() {
		MaxPoolBackward(ok, dy, []int32{0, 1, 2, 9, 0, 0, 0, 0}, dx)
	})
	require.PanicsWithValue(t, "conv: argmax[7] = -1, outside the input plane of 9 elements", func() {
		MaxPoolBackward(ok, dy, []int32{0, 1, 2, 3, 0, 0, 0, -1}, dx)
	})
	require.PanicsWithValue(t, "conv: argmax[5] = 9, outside the input plane of 9 elements", func() {
		MaxPoolReLUBackward(ok, dy, y, []int32{0, 1, 2, 3, 0, 9, 0, 0}, dx)
	})
	defer par.SetThreads(0)
	big := Pool{N: 64, C: 6, H: 28, W: 28, Window: Square(2, 2, 0)}
	bigArgmax := make([]int32, big.OutputLen())
	bigArgmax[len(bigArgmax)-5] = 784
	bigArgmax[len(bigArgmax)/3] = -2
	for threads := 1; threads <= 3; threads++ {
		par.SetThreads(threads)
		require.PanicsWithValue(t, fmt.Sprintf("conv: argmax[%d] = -2, outside the input plane of 784 elements", len(bigArgmax)/3), func() {
			MaxPoolBackward(big, make([]float32, big.OutputLen()), bigArgmax, make([]float32, big.InputLen()))
		}, "%d threads", threads)
	}
}

// TestPoolSizes checks Out, InputLen and OutputLen.
func TestPoolSizes(t *testing.T) {
	p := Pool{N: 2, C: 3, H: 7, W: 10, Window: Window{R: 3, S: 2, StrideH: 2, PadTop: 1, PadBottom: 1, DilationW: 3}}
	P, Q := p.Out()
	require.Equal(t, [2]int{4, 7}, [2]int{P, Q})
	require.Equal(t, 2*3*7*10, p.InputLen())
	require.Equal(t, 2*3*4*7, p.OutputLen())
}
