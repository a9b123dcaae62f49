package bench

import (
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
