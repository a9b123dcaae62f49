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

// PeakCall returns a call of probe p on threads goroutines at once, each
// running its share of at least flops floating-point operations, and the
// operations the call does (more than flops for small problems, so that
// starting the goroutines costs nothing to speak of). Timed in turn with a
// computation of flops operations, it gives the peak of that moment: on a
// shared machine the clock moves, so a peak measured once drifts from what
// later measurements see.
func PeakCall(p kernels.Peak, flops float64, threads int) (call func(), work float64) {
	iters := max(int(flops/float64(p.Flops*threads)), 1<<16)
	if threads == 1 {
		return func() { p.Run(iters) }, float64(iters * p.Flops)
	}
	var wg sync.WaitGroup
	return func() {
		wg.Add(threads)
		for range threads {
			go func() {
				defer wg.Done()
				p.Run(iters)
			}()
		}
		wg.Wait()
	}, float64(iters * p.Flops * threads)
}
