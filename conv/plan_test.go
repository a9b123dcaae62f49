package conv

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/internal/par"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// passes runs every pass of pl on fresh outputs and returns them.
func passes[T Float](pl *Plan[T], x, w, dy, bias []T) [][]T {
	s := pl.Shape()
	y, dx, dw, db := make([]T, pl.outputLen()), make([]T, s.InputLen()), make([]T, s.FilterLen()), make([]T, s.K)
	pl.Forward(y, x, w, &fused.Epilogue[T]{Bias: bias, Act: fused.ReLU, Residual: dy})
	pl.BackwardData(dx, dy, w)
	pl.BackwardFilter(dw, dy, x)
	pl.BackwardBias(db, dy)
	return [][]T{y, dx, dw, db}
}

// TestThreadsBitwiseEqual checks that every pass gives the same bits on
// 1, 2 and 3 threads, for one image (threads split its GEMMs) and for a
// batch (threads take images).
func TestThreadsBitwiseEqual(t *testing.T) {
	defer par.SetThreads(0)
	r := rand.New(rand.NewPCG(9, 10))
	for _, s := range []Shape{
		{N: 1, C: 16, H: 30, W: 30, K: 40, Window: Square(3, 1, 1)},
		{N: 1, C: 32, H: 24, W: 24, K: 32, Window: Square(3, 1, 1)}, // the input gradient as a convolution
		{N: 5, C: 8, H: 21, W: 17, K: 24, Groups: 2, Window: Window{R: 3, S: 2, StrideH: 2, PadTop: 1, PadLeft: 1}},
		{N: 3, C: 32, H: 20, W: 20, K: 32, Window: Square(1, 1, 0)},
		{N: 3, C: 16, H: 40, W: 40, K: 16, Groups: 16, Window: Square(3, 1, 1)},
		// LeNet-5's layers: the filter gradient's partial sums over runs of
		// images (im2col) and over images (the stencils of a layer of one
		// input channel) split among threads.
		{N: 40, C: 6, H: 14, W: 14, K: 16, Window: Square(5, 1, 0)},
		{N: 24, C: 1, H: 28, W: 28, K: 6, Window: Square(5, 1, 2)},
	} {
		pl := NewPlan[float32](s)
		x, w := random[float32](r, s.InputLen()), random[float32](r, s.FilterLen())
		dy, bias := random[float32](r, pl.outputLen()), random[float32](r, s.K)
		var first [][]float32
		for threads := 1; threads <= 3; threads++ {
			par.SetThreads(threads)
			got := passes(pl, x, w, dy, bias)
			if first == nil {
				first = got
				continue
			}
			for i := range got {
				for j := range got[i] {
					if math.Float32bits(got[i][j]) != math.Float32bits(first[i][j]) {
						t.Fatalf("%+v pass %d on %d threads: element %d = %v, on one thread %v", s, i, threads, j, got[i][j], first[i][j])
					}
				}
			}
		}
	}
}

// TestNoAllocations checks that passes allocate nothing once a plan has
// run them, on one thread and on two.
func TestNoAllocations(t *testing.T) {
	defer par.SetThreads(0)
	r := rand.New(rand.NewPCG(11, 12))
	for _, s := range []Shape{
		{N: 4, C: 16, H: 30, W: 30, K: 16, Window: Square(3, 1, 1)},
		{N: 1, C: 16, H: 30, W: 30, K: 16, Window: Square(1, 1, 0)},
		{N: 2, C: 16, H: 30, W: 30, K: 16, Groups: 16, Window: Square(3, 1, 1)},
		{N: 2, C: 16, H: 30, W: 30, K: 16, Groups: 16, Window: Square(3, 2, 1)},
		{N: 8, C: 1, H: 28, W: 28, K: 6, Window: Square(5, 1, 2)},  // the stencils' filter gradient by images
		{N: 8, C: 6, H: 14, W: 14, K: 16, Window: Square(5, 1, 0)}, // the direct forward pass
	} {
		pl := NewPlan[float32](s)
		x, w := random[float32](r, s.InputLen()), random[float32](r, s.FilterLen())
		dy, bias := random[float32](r, pl.outputLen()), random[float32](r, s.K)
		y, dx, dw, db := make([]float32, len(dy)), make([]float32, len(x)), make([]float32, len(w)), make([]float32, s.K)
		ep := &fused.Epilogue[float32]{Bias: bias, Act: fused.ReLU}
		for _, threads := range []int{1, 2} {
			par.SetThreads(threads)
			passes(pl, x, w, dy, bias)
			runtime.GC()
			assert.Zero(t, testing.AllocsPerRun(3, func() {
				pl.Forward(y, x, w, ep)
				pl.BackwardData(dx, dy, w)
				pl.BackwardFilter(dw, dy, x)
				pl.BackwardBias(db, dy)
			}), "%+v on %d threads", s, threads)
		}
	}
}

func TestPanics(t *testing.T) {
	ok := Shape{N: 1, C: 4, H: 5, W: 5, K: 2, Window: Square(3, 1, 0)}
	bad := func(f func(s *Shape)) func() {
		return func() {
			s := ok
			f(&s)
			NewPlan[float32](s)
		}
	}
	for want, f := range map[string]func(){
		"conv: input 3x3 with padding 0 is smaller than filter 5x5": bad(func(s *Shape) { s.H, s.W, s.Window = 3, 3, Square(5, 1, 0) }),
		"conv: input 3x4 with padding 1,0,0,0 (top, bottom, left, right) is smaller than filter 5x5": bad(func(s *Shape) {
			s.H, s.W, s.Window = 3, 4, Window{R: 5, S: 5, PadTop: 1}
		}),
		"conv: channels C = 4 and K = 2 must both be divisible by Groups = 3": bad(func(s *Shape) { s.Groups = 3 }),
		"conv: N = 0, must be positive":                                       bad(func(s *Shape) { s.N = 0 }),
		"conv: W = -2, must be positive":                                      bad(func(s *Shape) { s.W = -2 }),
		"conv: filter width S = 0, must be positive":                          bad(func(s *Shape) { s.S = 0 }),
		"conv: StrideH = -1, must be positive":                                bad(func(s *Shape) { s.StrideH = -1 }),
		"conv: PadLeft = -1, must not be negative":                            bad(func(s *Shape) { s.PadLeft = -1 }),
		"conv: x has 99 elements, shape needs 100": func() {
			NewPlan[float32](ok).Forward(make([]float32, 18), make([]float32, 99), make([]float32, 72), nil)
		},
		"conv: w has 71 elements, shape needs 72": func() {
			NewPlan[float32](ok).Forward(make([]float32, 18), make([]float32, 100), make([]float32, 71), nil)
		},
		"conv: y has 17 elements, shape needs 18": func() {
			NewPlan[float32](ok).Forward(make([]float32, 17), make([]float32, 100), make([]float32, 72), nil)
		},
		"conv: Bias has 1 elements, shape needs 2": func() {
			NewPlan[float32](ok).Forward(make([]float32, 18), make([]float32, 100), make([]float32, 72), &fused.Epilogue[float32]{Bias: []float32{1}})
		},
		"conv: unknown activation 9": func() {
			NewPlan[float32](ok).Forward(make([]float32, 18), make([]float32, 100), make([]float32, 72), &fused.Epilogue[float32]{Act: 9})
		},
		"conv: dx has 10 elements, shape needs 100": func() {
			NewPlan[float32](ok).BackwardData(make([]float32, 10), make([]float32, 18), make([]float32, 72))
		},
		"conv: dw has 10 elements, shape needs 72": func() {
			NewPlan[float32](ok).BackwardFilter(make([]float32, 10), make([]float32, 18), make([]float32, 100))
		},
		"conv: db has 1 elements, shape needs 2": func() {
			NewPlan[float32](ok).BackwardBias(make([]float32, 1), make([]float32, 18))
		},
	} {
		require.PanicsWithValue(t, want, f)
	}
}

// TestGuardPages runs every pass with each operand against an
// inaccessible page on either side: a read or write outside the slices
// faults, and the bytes around them must come through untouched.
func TestGuardPages(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	arena := guard.New(1 << 22)
	defer arena.Free()
	defer func(rows int) { minDataRows = rows }(minDataRows)
	paths := savePaths()
	defer paths.set(0)
	for trial := range 120 {
		// Half the trials run the input gradient as a convolution, and
		// a third every forward pass they can on the phases, a third as
		// direct convolutions.
		paths.set(trial % 3)
		minDataRows = []int{32, 1}[trial%2]
		s := randomShape(r)
		for _, set := range sets() {
			pl := newPlan[float32](s.withDefaults(), set)
			for _, back := range []bool{false, true} {
				// One operand at a time against the guard; the others
				// in ordinary memory.
				for operand := range 4 {
					ops := [4][]float32{random[float32](r, s.InputLen()), random[float32](r, s.FilterLen()),
						random[float32](r, pl.outputLen()), random[float32](r, s.K)}
					placed := guard.Place[float32](arena, len(ops[operand]), 0, back)
					copy(placed, ops[operand])
					ops[operand] = placed
					x, w, y, bias := ops[0], ops[1], ops[2], ops[3]
					pl.Forward(y, x, w, &fused.Epilogue[float32]{Bias: bias})
					pl.BackwardData(x, y, w)
					pl.BackwardFilter(w, y, x)
					pl.BackwardBias(bias, y)
					require.True(t, guard.Untouched(arena, placed), "trial %d %+v on %s: operand %d", trial, s, set.ISA, operand)
				}
			}
		}
	}
}

// TestSetFilter checks that Forward with the filter SetFilter kept gives
// the bits Forward with the filter itself gives, on the phases, on im2col
// panels, as a direct convolution and pointwise, and that the filter is
// copied, not kept.
func TestSetFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, c := range []struct {
		s              Shape
		phases, direct bool
	}{
		{Shape{N: 2, C: 8, H: 20, W: 20, K: 12, Window: Square(3, 1, 1)}, true, false},
		{Shape{N: 3, C: 4, H: 7, W: 7, K: 20, Window: Square(3, 1, 1)}, false, false},
		{Shape{N: 3, C: 6, H: 7, W: 7, K: 4, Groups: 2, Window: Square(3, 1, 1)}, false, true},
		{Shape{N: 1, C: 4, H: 9, W: 9, K: 4, Window: Square(1, 1, 0)}, false, false},
	} {
		s := c.s
		pl := NewPlan[float32](s)
		require.Equal(t, c.phases, pl.phases != nil, "%+v on the phases", s)
		require.Equal(t, c.direct, pl.direct != nil, "%+v direct", s)
		x, w := random[float32](r, s.InputLen()), random[float32](r, s.FilterLen())
		want, got := make([]float32, s.OutputLen()), make([]float32, s.OutputLen())
		pl.Forward(want, x, w, nil)
		pl.SetFilter(w)
		clear(w)
		pl.Forward(got, x, nil, nil)
		require.Equal(t, want, got, "%+v", s)
	}
	require.PanicsWithValue(t, "conv: w has 0 elements, shape needs 72", func() {
		NewPlan[float32](Shape{N: 1, C: 4, H: 5, W: 5, K: 2, Window: Square(3, 1, 0)}).Forward(make([]float32, 18), make([]float32, 100), nil, nil)
	})
}
