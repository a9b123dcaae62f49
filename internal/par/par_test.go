package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		flops                float64
		extent, unit, thread int
		parts, chunk         int
	}{
		{1e3, 100, 8, 4, 1, 100},              // too little work
		{4 * minPartFlops, 100, 8, 1, 1, 104}, // one thread: one slab of whole units
		{64 * minPartFlops, 100, 8, 4, 4, 32},
		{64 * minPartFlops, 100, 8, 3, 3, 40},
		{3 * minPartFlops, 100, 8, 8, 3, 40},  // at most flops/minPartFlops slabs
		{64 * minPartFlops, 20, 8, 8, 3, 8},   // at most one unit each
		{64 * minPartFlops, 17, 8, 8, 3, 8},   // the last slab short
		{64 * minPartFlops, 100, 1, 7, 7, 15}, // no empty slabs
	} {
		parts, chunk := Split(c.flops, c.extent, c.unit, c.thread)
		if parts != c.parts || (parts > 1 || c.flops >= 2*minPartFlops) && chunk != c.chunk || parts == 1 && chunk < c.extent {
			t.Errorf("Split(%g, %d, %d, %d) = %d, %d; want %d, %d", c.flops, c.extent, c.unit, c.thread, parts, chunk, c.parts, c.chunk)
		}
		if (parts-1)*chunk >= c.extent {
			t.Errorf("Split(%g, %d, %d, %d) = %d, %d: an empty slab", c.flops, c.extent, c.unit, c.thread, parts, chunk)
		}
	}
}

func TestThreads(t *testing.T) {
	defer SetThreads(0)
	SetThreads(3)
	if n := Threads(); n != 3 {
		t.Errorf("Threads() = %d after SetThreads(3)", n)
	}
	SetThreads(-1)
	if n := Threads(); n != runtime.GOMAXPROCS(0) {
		t.Errorf("Threads() = %d after SetThreads(-1), want GOMAXPROCS %d", n, runtime.GOMAXPROCS(0))
	}
}

// counter counts each part's runs; inner, when set, is Split inside a slab.
type counter struct {
	runs  []atomic.Int64
	inner atomic.Int64 // parts Split gave inside slabs
}

func (c *counter) Slab(part int) {
	c.runs[part].Add(1)
	parts, _ := Split(1e12, 1000, 1, 8)
	c.inner.Add(int64(parts))
}

func TestSpread(t *testing.T) {
	for _, parts := range []int{1, 2, 3, 8, 100} {
		c := &counter{runs: make([]atomic.Int64, parts)}
		Spread(parts, c)
		for p := range c.runs {
			if n := c.runs[p].Load(); n != 1 {
				t.Errorf("Spread(%d): part %d ran %d times", parts, p, n)
			}
		}
		if parts > 1 && c.inner.Load() != int64(parts) {
			t.Errorf("Spread(%d): Split inside slabs gave %d parts in all, want one each", parts, c.inner.Load())
		}
	}
	if spreading.Load() != 0 {
		t.Errorf("%d jobs still counted in flight", spreading.Load())
	}
}

type nop struct{}

func (nop) Slab(int) {}

// TestSpreadAllocatesNothing checks that Spread in steady state allocates
// nothing, even after garbage collections.
func TestSpreadAllocatesNothing(t *testing.T) {
	Spread(2, nop{}) // start a worker, make a job
	runtime.GC()
	runtime.GC()
	if n := testing.AllocsPerRun(100, func() { Spread(2, nop{}) }); n != 0 {
		t.Errorf("Spread allocates %v times per call", n)
	}
}
