package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
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

// task is one slab of one call, for a worker.
type task struct {
	job  runner
	part int
}

type runner interface {
	run(part int, ws *Workspace)
	finish()
}

// The workers: goroutines started as calls need them, each with its own
// workspace. After a task a worker polls for the next one for spinFor
// before it blocks, and a caller polls for its workers to finish as long
// before it blocks: waking a parked goroutine's thread takes tens of
// microseconds, as long as a whole GEMM of n = 128, and calls often come
// in quick succession (LAPACK's blocked factorizations).
var workers struct {
	sync.Mutex
	n     int
	tasks chan task
}

// spinFor bounds the polling of an idle worker or a waiting caller.
const spinFor = 50 * time.Microsecond

func init() { workers.tasks = make(chan task, 64) }

func startWorkers(n int) {
	workers.Lock()
	defer workers.Unlock()
	for ; workers.n < n; workers.n++ {
		go func() {
			ws := new(Workspace)
			for {
				t := nextTask()
				t.job.run(t.part, ws)
				t.job.finish()
			}
		}()
	}
}

// nextTask returns the next task, polling for spinFor before it blocks.
func nextTask() task {
	for start := time.Now(); time.Since(start) < spinFor; {
		select {
		case t := <-workers.tasks:
			return t
		default:
			runtime.Gosched()
		}
	}
	return <-workers.tasks
}

// completion counts a call's tasks still on workers.
type completion struct {
	pending atomic.Int64
	done    chan struct{}
}

func (c *completion) finish() {
	if c.pending.Add(-1) == 0 {
		c.done <- struct{}{}
	}
}

// spreading counts the calls of spread in flight. Split keeps work on one
// goroutine while it is above zero, so that a slab never waits for workers
// that are all running slabs themselves.
var spreading atomic.Int64

// spread runs parts slabs of j: slab 0 on the calling goroutine with a
// workspace of the pool, the others on workers, and returns when all are
// done, polling for spinFor before it blocks.
func spread(parts int, j runner, c *completion) {
	spreading.Add(1)
	defer spreading.Add(-1)
	if c.done == nil {
		c.done = make(chan struct{}, 1)
	}
	startWorkers(parts - 1)
	c.pending.Store(int64(parts - 1))
	for part := 1; part < parts; part++ {
		workers.tasks <- task{job: j, part: part}
	}
	ws := workspaces.Get()
	j.run(0, ws)
	workspaces.Put(ws)
	for start := time.Now(); time.Since(start) < spinFor; {
		select {
		case <-c.done:
			return
		default:
			runtime.Gosched()
		}
	}
	<-c.done
}

// job is a GEMM call in flight on several goroutines; jobs are reused.
type job[T kernels.Float] struct {
	completion
	pl plan[T]
}

func (j *job[T]) run(part int, ws *Workspace) { j.pl.run(part, ws) }

var (
	jobs32 pool.List[job[float32]]
	jobs64 pool.List[job[float64]]
)

func jobs[T kernels.Float]() *pool.List[job[T]] {
	if l, ok := any(&jobs32).(*pool.List[job[T]]); ok {
		return l
	}
	return any(&jobs64).(*pool.List[job[T]])
}

// parallel runs the slabs of pl: slab 0 on the calling goroutine, the
// others on workers.
func parallel[T kernels.Float](pl *plan[T]) {
	list := jobs[T]()
	j := list.Get()
	j.pl = *pl
	spread(pl.parts, j, &j.completion)
	j.pl = plan[T]{} // drop the caller's matrices
	list.Put(j)
}

// Slabs is work in independent parts, for Spread.
type Slabs interface {
	// Slab computes one part. Parts run concurrently.
	Slab(part int)
}

// Spread runs s.Slab(part) for every part < parts, part 0 on the calling
// goroutine and the others on the workers that GEMM uses, and returns when
// all are done. Work a Slab starts (Run, Split) stays on its goroutine.
func Spread(parts int, s Slabs) {
	if parts <= 1 {
		s.Slab(0)
		return
	}
	j := slabJobs.Get()
	j.s = s
	spread(parts, j, &j.completion)
	j.s = nil
	slabJobs.Put(j)
}

// slabJob carries a Spread to the workers.
type slabJob struct {
	completion
	s Slabs
}

func (j *slabJob) run(part int, _ *Workspace) { j.s.Slab(part) }

var slabJobs pool.List[slabJob]
