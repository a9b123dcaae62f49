package bench

import (
	"sync"
	"time"

	"github.com/simdla/simdla/kernels"
)

// Peak measures a probe's FMA throughput in GFLOP/s: the best of many runs
// of about 10 ms each, spread over a quarter of a second, since a shared
// machine only ever slows it down.
func Peak(p kernels.Peak) float64 {
	iters := 1 << 16
	for {
		start := time.Now()
		p.Run(iters)
		if time.Since(start) > 5*time.Millisecond {
			break
		}
		iters *= 2
	}
	iters *= 2
	best := 0.0
	for range 25 {
		start := time.Now()
		p.Run(iters)
		best = max(best, float64(iters)*float64(p.Flops)/time.Since(start).Seconds()/1e9)
	}
	return best
}

// PeakProbe is an FMA-throughput probe on several goroutines at once, to
// be timed in turn with the libraries of a case (Case.Peak): on a shared
// machine the clock moves, so a peak measured once drifts from what later
// measurements see. Each goroutine counts its own time, and the probe's
// throughput is the sum of what each did in its own time, so that a
// goroutine that starts late, or waits for a core, lowers the peak no more
// than the time it ran slowly.
type PeakProbe struct {
	p       kernels.Peak
	iters   int       // iterations per goroutine and call
	seconds []float64 // each goroutine's running time since the last Take
	calls   int       // calls since the last Take
	wg      sync.WaitGroup
}

// NewPeakProbe returns probe p on threads goroutines, a call doing at least
// flops floating-point operations in all (more for small problems, so that
// starting the goroutines costs nothing to speak of).
func NewPeakProbe(p kernels.Peak, threads int, flops float64) *PeakProbe {
	return &PeakProbe{
		p:       p,
		iters:   max(int(flops/float64(p.Flops*threads)), 1<<16),
		seconds: make([]float64, threads),
	}
}

// Call runs the probe once on every goroutine at once: one on the calling
// goroutine, the others on new ones.
func (q *PeakProbe) Call() {
	q.wg.Add(len(q.seconds) - 1)
	for g := 1; g < len(q.seconds); g++ {
		go func() {
			defer q.wg.Done()
			q.run(g)
		}()
	}
	q.run(0)
	q.wg.Wait()
	q.calls++
}

func (q *PeakProbe) run(g int) {
	start := time.Now()
	q.p.Run(q.iters)
	q.seconds[g] += time.Since(start).Seconds()
}

// Take returns the GFLOP/s of the calls since the last Take (0 if none):
// the sum over goroutines of the operations each did over the time it ran.
// It starts the count anew.
func (q *PeakProbe) Take() float64 {
	gflops := 0.0
	if q.calls > 0 {
		for _, sec := range q.seconds {
			gflops += float64(q.calls) * float64(q.iters) * float64(q.p.Flops) / sec / 1e9
		}
	}
	clear(q.seconds)
	q.calls = 0
	return gflops
}
