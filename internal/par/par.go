// Package par runs work in parallel slabs, for the GEMM engine, the other
// Level-3 routines and LAPACK's factorizations alike.
//
// Split decides how many slabs work is worth, from its floating-point
// operations, and Spread runs them: one on the calling goroutine, the
// others on workers, goroutines started as calls need them and kept. The
// work decides what a slab is; here a slab is a number. Work a slab starts
// while slabs are in flight stays on its goroutine, since the cores are
// taken. Workers and jobs are kept and reused, across garbage collections
// too: Spread allocates nothing in steady state. Idle workers and waiting
// callers poll for a millisecond before they block, since waking a parked
// thread costs as much as a whole GEMM of n = 128.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simdla/simdla/internal/pool"
)

var threads atomic.Int64

// SetThreads sets how many goroutines one call may use; n <= 0 restores
// the default, GOMAXPROCS at the time of each call.
func SetThreads(n int) { threads.Store(int64(max(n, 0))) }

// Threads returns how many goroutines one call may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// minPartFlops is the least work worth a goroutine of its own, about 25 µs
// of one core.
const minPartFlops = 1 << 21

// Split divides work of flops floating-point operations, over an extent
// that splits into independent units, among up to threads goroutines (0:
// Threads()), none with less than about 25 µs of work: it returns how many
// slabs and how many elements of the extent each has, a multiple of unit.
// Small work stays on one goroutine without asking the scheduler for
// GOMAXPROCS, and so does work started while slabs of other work are in
// flight (inside a Slab of Spread, or beside it): the cores are taken.
func Split(flops float64, extent, unit, threads int) (parts, chunk int) {
	if flops < 2*minPartFlops || spreading.Load() > 0 {
		return 1, extent
	}
	if threads <= 0 {
		threads = Threads()
	}
	parts = max(1, min(threads, int(flops/minPartFlops), (extent+unit-1)/unit))
	// Whole units per slab, and no empty slabs.
	chunk = (extent + parts - 1) / parts
	chunk = (chunk + unit - 1) / unit * unit
	return (extent + chunk - 1) / chunk, chunk
}

// Slabs is work in independent parts, for Spread.
type Slabs interface {
	// Slab computes one part. Parts run concurrently.
	Slab(part int)
}

// Spread runs s.Slab(part) for every part < parts, part 0 on the calling
// goroutine and the others on workers, and returns when all are done. Work
// a Slab starts (Split) stays on its goroutine.
func Spread(parts int, s Slabs) {
	if parts <= 1 {
		s.Slab(0)
		return
	}
	j := jobs.Get()
	j.s = s
	j.spread(parts)
	j.s = nil // drop the caller's work
	jobs.Put(j)
}

// job is a Spread in flight; jobs are reused.
type job struct {
	s       Slabs
	pending atomic.Int64 // slabs still on workers
	done    chan struct{}
}

var jobs pool.List[job]

// task is one slab of one job, for a worker.
type task struct {
	job  *job
	part int
}

// The workers: goroutines started as calls need them. After a task a
// worker polls for the next one for spinFor before it blocks, and a caller
// polls for its workers to finish as long before it blocks: waking a
// parked goroutine's thread takes tens of microseconds, as long as a whole
// GEMM of n = 128, and calls often come in quick succession (LAPACK's
// blocked factorizations).
var workers struct {
	sync.Mutex
	n     int
	tasks chan task
}

// spinFor bounds the polling of an idle worker or a waiting caller. It
// spans the serial work between the parallel calls of a training step
// (pooling, activations, the optimizer: a few hundred microseconds in
// LeNet-5's): on the Xeon (AVX-512), two threads, a LeNet-5 step at batch
// 64 took 2.1-2.2 ms polling for 1 ms, against 2.3 ms for 200-500 µs and
// 2.7 ms for 50 µs, as its workers no longer slept through every call.
// OpenBLAS's and OpenMP's threads poll for longer.
const spinFor = time.Millisecond

func init() { workers.tasks = make(chan task, 64) }

func startWorkers(n int) {
	workers.Lock()
	defer workers.Unlock()
	for ; workers.n < n; workers.n++ {
		go func() {
			for {
				t := nextTask()
				t.job.s.Slab(t.part)
				t.job.finish()
			}
		}()
	}
}

// nextTask returns the next task, polling for spinFor before it blocks.
func nextTask() task {
	for poll(func() bool { return len(workers.tasks) > 0 }) {
		select {
		case t := <-workers.tasks:
			return t
		default: // another worker took it
		}
	}
	return <-workers.tasks
}

// poll calls ready until it reports true, and then returns true, or for
// spinFor, and then returns false. It reads the clock, and lets other
// goroutines run, only every pollBatch calls: a receive or a yield takes a
// lock of the runtime's, which the caller handing out tasks and the
// workers polling for them would contend for, and polling the channel
// through select and runtime.Gosched at every turn took 7 % of two
// threads' time in a LeNet-5 training step.
func poll(ready func() bool) bool {
	for start := time.Now(); time.Since(start) < spinFor; runtime.Gosched() {
		for range pollBatch {
			if ready() {
				return true
			}
		}
	}
	return false
}

// pollBatch is how many times poll calls ready between looks at the clock.
const pollBatch = 256

// finish records that a worker has finished one of j's slabs.
func (j *job) finish() {
	if j.pending.Add(-1) == 0 {
		j.done <- struct{}{}
	}
}

// spreading counts the jobs in flight. Split keeps work on one goroutine
// while it is above zero, so that a slab never waits for workers that are
// all running slabs themselves.
var spreading atomic.Int64

// spread runs parts slabs of j: slab 0 on the calling goroutine, the
// others on workers, and returns when all are done, polling for spinFor
// before it blocks.
func (j *job) spread(parts int) {
	spreading.Add(1)
	defer spreading.Add(-1)
	if j.done == nil {
		j.done = make(chan struct{}, 1)
	}
	startWorkers(parts - 1)
	j.pending.Store(int64(parts - 1))
	for part := 1; part < parts; part++ {
		workers.tasks <- task{job: j, part: part}
	}
	j.s.Slab(0)
	poll(func() bool { return j.pending.Load() == 0 })
	<-j.done // sent once pending reached 0, so ready or about to be
}
