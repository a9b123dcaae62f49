package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// sets returns the tables of every ISA this CPU runs, generic included.
func sets() []*kernels.Set {
	var out []*kernels.Set
	for _, isa := range dispatch.Available() {
		s, _ := kernels.For(isa)
		out = append(out, s)
	}
	return out
}

// matrix is a row-major matrix with padded rows, the padding NaN.
type matrix[T kernels.Float] struct {
	rows, cols, ld int
	data           []T
}

// newMatrix fills a rows×cols matrix with values in [-1, 1) and NaN in the
// pad columns of each row. The slice ends with the last row's last element,
// as short as BLAS allows.
func newMatrix[T kernels.Float](r *rand.Rand, rows, cols, pad int) matrix[T] {
	ld := max(1, cols+pad)
	m := matrix[T]{rows: rows, cols: cols, ld: ld}
	if rows > 0 {
		m.data = make([]T, (rows-1)*ld+cols)
	}
	for i := range m.data {
		if i%ld < cols {
			m.data[i] = T(2*r.Float64() - 1)
		} else {
			m.data[i] = T(math.NaN())
		}
	}
	return m
}

// at returns element (i, j) of X, or of X transposed.
func (m matrix[T]) at(trans bool, i, j int) float64 {
	if trans {
		i, j = j, i
	}
	return float64(m.data[i*m.ld+j])
}

// reference computes C = alpha*op(A)*op(B) + beta*C in float64 and the
// error each element may carry: the kernels' FMAs and summation order
// change the last bits, by at most about k*eps*sum|a*b| + eps*|beta*c|.
func reference[T kernels.Float](p *Problem[T], a, b, c matrix[T]) (want, tol []float64) {
	eps := 0x1p-53
	if _, ok := any(T(0)).(float32); ok {
		eps = 0x1p-24
	}
	want, tol = make([]float64, len(c.data)), make([]float64, len(c.data))
	for i := range p.M {
		for j := range p.N {
			var sum, mag float64
			for q := range p.K {
				v := a.at(p.TransA, i, q) * b.at(p.TransB, q, j)
				sum += v
				mag += math.Abs(v)
			}
			at := i*c.ld + j
			w, cm := float64(p.Alpha)*sum, 0.0
			if p.Alpha == 0 {
				w, mag = 0, 0
			}
			if p.Beta != 0 {
				w += float64(p.Beta) * float64(c.data[at])
				cm = math.Abs(float64(p.Beta) * float64(c.data[at]))
			}
			want[at] = w
			tol[at] = 2*float64(p.K+2)*eps*(math.Abs(float64(p.Alpha))*mag+cm) + 1e-300
		}
	}
	return want, tol
}

// shapes are the problem sizes that cross every edge of g: MR, NR, KC, MC
// and NC, each minus one, exactly and plus one, the least k that takes two
// k blocks (kBlock), and the small-problem threshold on both sides; and
// MR+2 rows, which A in place runs as two tiles of half their height
// (tiles).
func shapes[T kernels.Float](g *kernels.Gemm[T]) [][3]int {
	ms := []int{1, g.MR - 1, g.MR, g.MR + 1, g.MR + 2, smallDim + 1, g.MC - 1, g.MC, g.MC + 1}
	ns := []int{1, g.NR/2 - 1, g.NR / 2, g.NR/2 + 1, g.NR - 1, g.NR, g.NR + 1, smallDim + 1, 3*g.NR + 1}
	ks := []int{1, maxSmallK, maxSmallK + 1, smallDim - 1, g.KC - 1, g.KC, g.KC + 1, longestKBlock(g.KC) + 1, 2*g.KC + 1}
	var out [][3]int
	for _, m := range ms {
		for _, n := range ns {
			for _, k := range ks {
				if m > 0 && n > 0 {
					out = append(out, [3]int{m, n, k})
				}
			}
		}
	}
	return append(out, [3]int{3, g.NC + 1, 5}, [3]int{smallDim + 1, g.NC - 1, smallDim + 1}, [3]int{smallDim + 2, g.NC + 1, g.KC + 1})
}

var scalars = [][2]float64{{1, 0}, {1, 1}, {-0.5, 2}, {2, math.Copysign(0, -1)}, {0, 0.5}, {0, 0}, {1.5, -1}}

func TestRunMatchesReference(t *testing.T) {
	for _, set := range sets() {
		t.Run(set.ISA.String(), func(t *testing.T) {
			t.Run("float32", func(t *testing.T) { runShapes(t, &set.F32.Gemm) })
			t.Run("float64", func(t *testing.T) { runShapes(t, &set.F64.Gemm) })
		})
	}
}

// TestPackedPathOnSmallShapes runs the small shapes through the packed path
// too, which they otherwise never take.
func TestPackedPathOnSmallShapes(t *testing.T) {
	useSmallPath = false
	defer func() { useSmallPath = true }()
	set := dispatchSet()
	runShapes(t, &set.F32.Gemm)
	runShapes(t, &set.F64.Gemm)
}

// TestOtherPanelLayout runs every table with A packed the other way:
// column panels where the table packs rows, and rows where it packs
// columns. The kernels take both layouts.
func TestOtherPanelLayout(t *testing.T) {
	for _, set := range sets() {
		t.Run(set.ISA.String(), func(t *testing.T) {
			g32, g64 := set.F32.Gemm, set.F64.Gemm
			g32.ColumnPanels, g64.ColumnPanels = !g32.ColumnPanels, !g64.ColumnPanels
			t.Run("float32", func(t *testing.T) { runShapes(t, &g32) })
			t.Run("float64", func(t *testing.T) { runShapes(t, &g64) })
		})
	}
}

func runShapes[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	r := rand.New(rand.NewPCG(21, uint64(g.MR*g.NR)))
	arenas := [3]*guard.Arena{guard.New(1 << 25), guard.New(1 << 25), guard.New(1 << 25)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	for i, s := range shapes(g) {
		ab := scalars[i%len(scalars)]
		p := Problem[T]{TransA: i%2 == 1, TransB: i/2%2 == 1, M: s[0], N: s[1], K: s[2], Alpha: T(ab[0]), Beta: T(ab[1])}
		if err := checkRun(r, g, p, i%4, arenas); err != nil {
			t.Fatal(err)
		}
	}
}

// checkRun runs p with operands padded by pad, each placed against a guard
// page, and compares C with the reference. A, B and C's padding must come
// through untouched, and A and B unchanged.
func checkRun[T kernels.Float](r *rand.Rand, g *kernels.Gemm[T], p Problem[T], pad int, arenas [3]*guard.Arena) error {
	ra, ca := p.M, p.K
	if p.TransA {
		ra, ca = ca, ra
	}
	rb, cb := p.K, p.N
	if p.TransB {
		rb, cb = cb, rb
	}
	a, b, c := newMatrix[T](r, ra, ca, pad), newMatrix[T](r, rb, cb, pad+1), newMatrix[T](r, p.M, p.N, pad)
	if p.Beta == 0 {
		for i := range c.data {
			c.data[i] = T(math.NaN()) // must not be read
		}
	}
	want, tol := reference(&p, a, b, c)
	p.A, p.Lda = guard.Place[T](arenas[0], len(a.data), 0, true), a.ld
	p.B, p.Ldb = guard.Place[T](arenas[1], len(b.data), 0, true), b.ld
	p.C, p.Ldc = guard.Place[T](arenas[2], len(c.data), 0, true), c.ld
	copy(p.A, a.data)
	copy(p.B, b.data)
	copy(p.C, c.data)
	Run(g, p)
	where := fmt.Sprintf("%T %dx%d: m=%d n=%d k=%d transA=%v transB=%v alpha=%v beta=%v pad=%d",
		p.Alpha, g.MR, g.NR, p.M, p.N, p.K, p.TransA, p.TransB, p.Alpha, p.Beta, pad)
	for i, v := range p.C {
		if i%c.ld >= p.N {
			if v == v {
				return fmt.Errorf("%s: wrote C's padding at %d", where, i)
			}
			continue
		}
		if d := math.Abs(float64(v) - want[i]); !(d <= tol[i]) {
			return fmt.Errorf("%s: C(%d,%d) = %v, want %v (tol %g)", where, i/c.ld, i%c.ld, v, want[i], tol[i])
		}
	}
	for _, m := range []struct{ got, was []T }{{p.A, a.data}, {p.B, b.data}} {
		for i := range m.was {
			if m.got[i] != m.was[i] && !(m.got[i] != m.got[i] && m.was[i] != m.was[i]) {
				return fmt.Errorf("%s: an input changed", where)
			}
		}
	}
	if !guard.Untouched(arenas[2], p.C) {
		return fmt.Errorf("%s: wrote outside C", where)
	}
	return nil
}

// TestRowOrderMatchesReference runs every shape of TestRunMatchesReference
// in row order (bands of MR rows across the panels of B) where it has one k
// block, on the kernels dispatch chose, and checks the threads' results
// bitwise equal there too.
func TestRowOrderMatchesReference(t *testing.T) {
	defer func(b int) { rowOrderBytes = b }(rowOrderBytes)
	rowOrderBytes = 0
	set := dispatchSet()
	runShapes(t, &set.F32.Gemm)
	runShapes(t, &set.F64.Gemm)
	bitwise(t, &set.F64.Gemm)
}

// TestTrainingShapes runs the GEMMs of training in the transposes they
// use: a 784-256 Linear layer at batch 64 (forward X W^T, input gradient
// dY W, weight gradient dY^T X), a 3x3 convolution of 64 channels at
// 56x56 as im2col GEMM (forward, filter and input gradients), and the
// accumulation of a gradient (beta = 1). They are large, so they run on
// the kernels dispatch chose: make test runs the suite under each ISA.
func TestTrainingShapes(t *testing.T) {
	set := dispatchSet()
	trainingShapes(t, &set.F32.Gemm)
	trainingShapes(t, &set.F64.Gemm)
}

func trainingShapes[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	r := rand.New(rand.NewPCG(24, 25))
	arenas := [3]*guard.Arena{guard.New(1 << 24), guard.New(1 << 24), guard.New(1 << 24)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	for _, p := range []Problem[T]{
		{M: 64, N: 256, K: 784, TransB: true, Alpha: 1},
		{M: 64, N: 784, K: 256, Alpha: 1},
		{M: 256, N: 784, K: 64, TransA: true, Alpha: 1, Beta: 1},
		{M: 64, N: 3136, K: 576, Alpha: 1},
		{M: 64, N: 576, K: 3136, TransB: true, Alpha: 1, Beta: 1},
		{M: 576, N: 3136, K: 64, TransA: true, Alpha: 1},
		{M: 128, N: 128, K: 128, Alpha: -0.5, Beta: 1},
	} {
		if err := checkRun(r, g, p, 0, arenas); err != nil {
			t.Fatal(err)
		}
	}
}

// TestThreadsBitwiseEqual runs problems that split into several slabs, by
// rows and by columns, on 1, 2 and 3 goroutines: every bit of C must agree.
func TestThreadsBitwiseEqual(t *testing.T) {
	defer par.SetThreads(0)
	for _, set := range sets() {
		bitwise(t, &set.F32.Gemm)
		bitwise(t, &set.F64.Gemm)
	}
}

func bitwise[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	r := rand.New(rand.NewPCG(22, 23))
	for _, s := range [][3]int{{301, 297, 411}, {1000, 20, 300}, {20, 1000, 300}, {400, 263, 29}, {1000, 300, 4}, {64, 4000, 8}} {
		for _, trans := range [][2]bool{{false, false}, {true, true}} {
			a := newMatrix[T](r, s[0], s[2], 1)
			b := newMatrix[T](r, s[2], s[1], 2)
			c := newMatrix[T](r, s[0], s[1], 0)
			if trans[0] {
				a = newMatrix[T](r, s[2], s[0], 1)
			}
			if trans[1] {
				b = newMatrix[T](r, s[1], s[2], 2)
			}
			var first []T
			for threads := 1; threads <= 3; threads++ {
				par.SetThreads(threads)
				got := append([]T(nil), c.data...)
				p := Problem[T]{TransA: trans[0], TransB: trans[1], M: s[0], N: s[1], K: s[2], Alpha: 1.5, A: a.data, Lda: a.ld, B: b.data, Ldb: b.ld, Beta: -0.5, C: got, Ldc: c.ld}
				if pl := newPlan(g, &p); threads > 1 && pl.parts < 2 {
					t.Fatalf("%v on %d threads runs in one slab: the test splits nothing", s, threads)
				}
				Run(g, p)
				if first == nil {
					first = got
					continue
				}
				for i := range got {
					if math.Float64bits(float64(got[i])) != math.Float64bits(float64(first[i])) {
						t.Fatalf("%T %v trans=%v: C[%d] on %d threads = %v, on 1 thread %v", got[0], s, trans, i, threads, got[i], first[i])
					}
				}
			}
		}
	}
}

// TestNoAllocations checks that a call in steady state, threaded or not,
// allocates nothing, even after garbage collections.
func TestNoAllocations(t *testing.T) {
	defer par.SetThreads(0)
	g := &dispatchSet().F64.Gemm
	r := rand.New(rand.NewPCG(1, 1))
	a, b, c := newMatrix[float64](r, 256, 256, 0), newMatrix[float64](r, 256, 256, 0), newMatrix[float64](r, 256, 256, 0)
	p := Problem[float64]{M: 256, N: 256, K: 256, Alpha: 1, A: a.data, Lda: 256, B: b.data, Ldb: 256, C: c.data, Ldc: 256}
	for _, threads := range []int{1, 2} {
		par.SetThreads(threads)
		Run(g, p) // warm the pools
		runtime.GC()
		runtime.GC()
		if n := testing.AllocsPerRun(10, func() { Run(g, p) }); n != 0 {
			t.Errorf("%d threads: %v allocations per call", threads, n)
		}
	}
}

func dispatchSet() *kernels.Set {
	s, _ := kernels.For(dispatch.ISA())
	return s
}

// FuzzRun checks the driver against the reference on shapes, transposes,
// paddings and scalars the fuzzer picks, with the kernels dispatch chose.
//
//	go test ./internal/gemm -run '^$' -fuzz FuzzRun -fuzztime 1m
func FuzzRun(f *testing.F) {
	f.Add(uint8(7), uint8(9), uint16(300), uint8(3), uint8(1), int8(4), int8(0))
	f.Add(uint8(40), uint8(33), uint16(17), uint8(0), uint8(2), int8(-3), int8(5))
	arenas := [3]*guard.Arena{guard.New(1 << 22), guard.New(1 << 22), guard.New(1 << 22)}
	f.Fuzz(func(t *testing.T, m, n uint8, k uint16, trans, pad uint8, alpha, beta int8) {
		set := dispatchSet()
		p64 := Problem[float64]{TransA: trans&1 != 0, TransB: trans&2 != 0, M: int(m%80) + 1, N: int(n%80) + 1, K: int(k % 900),
			Alpha: float64(alpha) / 4, Beta: float64(beta) / 4}
		r := rand.New(rand.NewPCG(uint64(m), uint64(k)))
		if err := checkRun(r, &set.F64.Gemm, p64, int(pad%4), arenas); err != nil {
			t.Fatal(err)
		}
		p32 := Problem[float32]{TransA: p64.TransA, TransB: p64.TransB, M: p64.M, N: p64.N, K: p64.K, Alpha: float32(p64.Alpha), Beta: float32(p64.Beta)}
		if err := checkRun(r, &set.F32.Gemm, p32, int(pad%4), arenas); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkSmallPath compares the in-place path with the packed one on
// problems with a small dimension:
//
//	go test ./internal/gemm -run '^$' -bench SmallPath -count 10 | benchstat -col /path -
func BenchmarkSmallPath(b *testing.B) {
	defer par.SetThreads(0)
	par.SetThreads(1)
	g := &dispatchSet().F64.Gemm
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range []struct {
		name           string
		transA, transB bool
		m, n, k        int
	}{
		{"16x16x16", false, false, 16, 16, 16},
		{"8x3136x576", false, false, 8, 3136, 576},
		{"1024x1024x1", false, false, 1024, 1024, 1},
		{"1000x20x300", false, false, 1000, 20, 300},
		{"1000x20x300 TN", true, false, 1000, 20, 300},
		{"24x24x24 TT", true, true, 24, 24, 24},
		{"64x64x64", false, false, 64, 64, 64},
		{"96x96x96", false, false, 96, 96, 96},
	} {
		ra, ca, rb, cb := s.m, s.k, s.k, s.n
		if s.transA {
			ra, ca = ca, ra
		}
		if s.transB {
			rb, cb = cb, rb
		}
		a, bm, c := newMatrix[float64](r, ra, ca, 0), newMatrix[float64](r, rb, cb, 0), newMatrix[float64](r, s.m, s.n, 0)
		p := Problem[float64]{TransA: s.transA, TransB: s.transB, M: s.m, N: s.n, K: s.k, Alpha: 1, A: a.data, Lda: a.ld, B: bm.data, Ldb: bm.ld, Beta: 1, C: c.data, Ldc: c.ld}
		for _, path := range []string{"small", "packed"} {
			b.Run(s.name+"/path="+path, func(b *testing.B) {
				useSmallPath = path == "small"
				defer func() { useSmallPath = true }()
				for b.Loop() {
					Run(g, p)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
