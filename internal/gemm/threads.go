package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"

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
// workspace, blocked on tasks when idle.
var workers struct {
	sync.Mutex
	n     int
	tasks chan task
}

func init() { workers.tasks = make(chan task) }

func startWorkers(n int) {
	workers.Lock()
	defer workers.Unlock()
	for ; workers.n < n; workers.n++ {
		go func() {
			ws := new(Workspace)
			for t := range workers.tasks {
				t.job.run(t.part, ws)
				t.job.finish()
			}
		}()
	}
}

// job is a call in flight on several goroutines; jobs are reused.
type job[T kernels.Float] struct {
	pl   plan[T]
	wait sync.WaitGroup
}

func (j *job[T]) run(part int, ws *Workspace) { j.pl.run(part, ws) }
func (j *job[T]) finish()                     { j.wait.Done() }

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
	startWorkers(pl.parts - 1)
	j.wait.Add(pl.parts - 1)
	for part := 1; part < pl.parts; part++ {
		workers.tasks <- task{job: j, part: part}
	}
	ws := workspaces.Get()
	j.pl.run(0, ws)
	workspaces.Put(ws)
	j.wait.Wait()
	j.pl = plan[T]{} // drop the caller's matrices
	list.Put(j)
}
