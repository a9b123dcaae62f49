package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/kernels"
)

// storedPacker serves a stored matrix through BPacker, by its definition.
type storedPacker[T kernels.Float] struct {
	b     matrix[T]
	trans bool
}

func (s *storedPacker[T]) PackB(dst []T, p0, kc, j0, n, width int) {
	for p := range kc {
		for j := range width {
			dst[p*width+j] = 0
			if j < n {
				dst[p*width+j] = T(s.b.at(s.trans, p0+p, j0+j))
			}
		}
	}
}

// storedRows serves a stored matrix through ARows, by its definition.
type storedRows[T kernels.Float] struct {
	a     matrix[T]
	trans bool
}

func (s *storedRows[T]) RowA(i, p0, kc int) []T {
	row := make([]T, kc)
	for p := range row {
		row[p] = T(s.a.at(s.trans, i, p0+p))
	}
	return row
}

// marker is an epilogue that adds 1000*(i+1) + j to element (i, j) of C and
// counts how often it finished each element.
type marker[T kernels.Float] struct {
	n     int
	count []int
}

func (m *marker[T]) Finish(c []T, ldc, i, j, rows, cols int) {
	for r := range rows {
		for s := range cols {
			c[r*ldc+s] += T(1000*(i+r+1) + j + s)
			m.count[(i+r)*m.n+j+s]++
		}
	}
}

// TestPackerAndEpilogue checks the engine's hooks: an A served by rows and
// a B served by a packer give C bit for bit as the stored A and B do, and the epilogue finishes
// every element once, after its last k block, on every path (small, small
// k, row order, packed) and for 1 to 3 threads.
func TestPackerAndEpilogue(t *testing.T) {
	defer par.SetThreads(0)
	defer func(v int) { rowOrderBytes = v }(rowOrderBytes)
	for _, set := range sets() {
		for _, order := range []int{rowOrderBytes, 0} {
			rowOrderBytes = order
			if err := hooks(&set.F32.Gemm); err != nil {
				t.Fatalf("%s float32, row order above %d bytes: %v", set.ISA, order, err)
			}
			if err := hooks(&set.F64.Gemm); err != nil {
				t.Fatalf("%s float64, row order above %d bytes: %v", set.ISA, order, err)
			}
		}
	}
}

func hooks[T kernels.Float](g *kernels.Gemm[T]) error {
	r := rand.New(rand.NewPCG(5, 6))
	for i, s := range [][3]int{{1, 1, 1}, {7, 33, 3}, {40, 300, 8}, {g.MC + 5, 2*g.NR + 3, 9}, {64, 500, 300}, {3, g.NC + 7, 40}, {200, 77, 2*g.KC + 3}, {5, 6, 0}} {
		trans, transA := i%2 == 1, i%3 == 1
		a := newMatrix[T](r, s[0], s[2], 0)
		if transA {
			a = newMatrix[T](r, s[2], s[0], 2)
		}
		b := newMatrix[T](r, s[2], s[1], 1)
		if trans {
			b = newMatrix[T](r, s[1], s[2], 1)
		}
		c := newMatrix[T](r, s[0], s[1], 0)
		p := Problem[T]{TransA: transA, M: s[0], N: s[1], K: s[2], Alpha: 1.5, A: a.data, Lda: a.ld, B: b.data, Ldb: b.ld, TransB: trans, Beta: -0.5, Ldc: c.ld}
		p.C = append([]T(nil), c.data...)
		Run(g, p)
		want := p.C
		for threads := 1; threads <= 3; threads++ {
			par.SetThreads(threads)
			m := &marker[T]{n: s[1], count: make([]int, s[0]*s[1])}
			q := p
			q.B, q.Ldb, q.TransB = nil, 0, false
			q.PackB, q.Epilogue = &storedPacker[T]{b: b, trans: trans}, m
			if threads != 2 { // threads 2 keeps A stored, for the packer alone
				q.A, q.Lda, q.TransA = nil, 0, false
				q.RowsA = &storedRows[T]{a: a, trans: transA}
			}
			q.C = append([]T(nil), c.data...)
			Run(g, q)
			for e, got := range q.C {
				row, col := e/c.ld, e%c.ld
				if m.count[row*s[1]+col] != 1 {
					return fmt.Errorf("%v, %d threads: element (%d, %d) finished %d times", s, threads, row, col, m.count[row*s[1]+col])
				}
				w := want[e] + T(1000*(row+1)+col)
				if math.Float64bits(float64(got)) != math.Float64bits(float64(w)) {
					return fmt.Errorf("%v, %d threads: C(%d, %d) = %v, want %v", s, threads, row, col, got, w)
				}
			}
		}
	}
	return nil
}

// runs serves a stored B through BSegments, in runs of 1 to 7 rows, each
// run's rows copied apart into a guarded buffer of its own with a stride of
// its own: a read past a run's rows or columns faults or reads NaN.
type runs[T kernels.Float] struct {
	start []int // the first row of each run, and B's row count last
	rows  [][]T
	ld    []int
}

func newRuns[T kernels.Float](r *rand.Rand, b matrix[T], arena *guard.Arena) *runs[T] {
	s := &runs[T]{}
	at := 0
	for p := 0; p < b.rows; {
		n := min(1+r.IntN(7), b.rows-p)
		ld := b.cols + r.IntN(3)
		buf := guard.Place[T](arena, (n-1)*ld+b.cols, at, false)
		at += len(buf) + 64
		for i := range buf {
			buf[i] = T(math.NaN())
		}
		for i := range n {
			copy(buf[i*ld:i*ld+b.cols], b.data[(p+i)*b.ld:])
		}
		s.start, s.rows, s.ld = append(s.start, p), append(s.rows, buf), append(s.ld, ld)
		p += n
	}
	s.start = append(s.start, b.rows)
	return s
}

func (s *runs[T]) SegmentB(p int) ([]T, int, int) {
	k := 0
	for s.start[k+1] <= p {
		k++
	}
	return s.rows[k][(p-s.start[k])*s.ld[k]:], s.ld[k], s.start[k+1] - p
}

// TestSegmentsB checks B served in runs against the definition, on every
// path (small, small k, row order, packed by the first tile or in a pass),
// threads and ISA.
func TestSegmentsB(t *testing.T) {
	defer par.SetThreads(0)
	defer func(v int) { rowOrderBytes = v }(rowOrderBytes)
	arena := guard.New(1 << 24)
	defer arena.Free()
	for _, set := range sets() {
		for _, order := range []int{rowOrderBytes, 0} {
			rowOrderBytes = order
			for threads := 1; threads <= 2; threads++ {
				par.SetThreads(threads)
				if err := segmentsB(&set.F32.Gemm, arena); err != nil {
					t.Fatalf("%s float32, %d threads: %v", set.ISA, threads, err)
				}
				if err := segmentsB(&set.F64.Gemm, arena); err != nil {
					t.Fatalf("%s float64, %d threads: %v", set.ISA, threads, err)
				}
			}
		}
	}
}

func segmentsB[T kernels.Float](g *kernels.Gemm[T], arena *guard.Arena) error {
	r := rand.New(rand.NewPCG(7, 8))
	for _, s := range [][3]int{{1, 1, 1}, {7, 33, 3}, {40, 300, 8}, {g.MC + 5, 2*g.NR + 3, 29}, {64, 500, 300}, {3, g.NC + 7, 40}, {100, 77, 2*g.KC + 3}} {
		a, b, c := newMatrix[T](r, s[0], s[2], 0), newMatrix[T](r, s[2], s[1], 0), newMatrix[T](r, s[0], s[1], 0)
		p := Problem[T]{M: s[0], N: s[1], K: s[2], Alpha: 1.5, A: a.data, Lda: a.ld, Beta: -0.5, C: append([]T(nil), c.data...), Ldc: c.ld,
			SegmentsB: newRuns(r, b, arena)}
		want, tol := reference(&p, a, b, c)
		Run(g, p)
		for i, v := range p.C {
			if d := math.Abs(float64(v) - want[i]); !(d <= 2*tol[i]) {
				return fmt.Errorf("%v: C(%d,%d) = %v, want %v", s, i/c.ld, i%c.ld, v, want[i])
			}
		}
	}
	return nil
}
