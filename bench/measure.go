package bench

import (
	"slices"
	"time"
)

// Timing is what Measure found for one case.
type Timing struct {
	// Seconds is each library's median seconds per call.
	Seconds map[string]float64
	// ratios holds, for each library, its time divided by simdla's in
	// every round.
	ratios map[string][]float64
}

// Speedup returns the median over rounds of lib's time divided by simdla's
// in the same round: how many times faster simdla is. Taking the ratio
// within a round, where the two ran back to back, cancels the slow drift of
// a shared machine's speed.
func (t Timing) Speedup(lib string) float64 { return median(t.ratios[lib]) }

func median(s []float64) float64 {
	s = slices.Clone(s)
	slices.Sort(s)
	return s[len(s)/2]
}

// Measure times every library of c over rounds rounds, the libraries taking
// turns within each round (their order rotating from round to round) so
// that drift in the machine's speed hits them alike. Each turn runs a batch
// of calls sized to last about batch.
func Measure(c *Case, rounds int, batch time.Duration) Timing {
	libs := c.LibNames()
	iters := make(map[string]int, len(libs))
	for _, lib := range libs {
		iters[lib] = calibrate(c.Libs[lib], batch)
	}
	samples := make(map[string][]float64, len(libs))
	t := Timing{Seconds: map[string]float64{}, ratios: map[string][]float64{}}
	for r := range rounds {
		round := map[string]float64{}
		for i := range libs {
			lib := libs[(i+r)%len(libs)]
			round[lib] = timeCalls(c.Libs[lib], iters[lib])
			samples[lib] = append(samples[lib], round[lib])
		}
		if simd, ok := round[Simdla]; ok {
			for lib, sec := range round {
				t.ratios[lib] = append(t.ratios[lib], sec/simd)
			}
		}
	}
	for lib, s := range samples {
		t.Seconds[lib] = median(s)
	}
	return t
}

// LibNames returns the case's libraries, simdla first, the rest sorted.
func (c *Case) LibNames() []string {
	var libs []string
	for lib := range c.Libs {
		libs = append(libs, lib)
	}
	slices.SortFunc(libs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == Simdla:
			return -1
		case b == Simdla:
			return 1
		case a < b:
			return -1
		}
		return 1
	})
	return libs
}

// calibrate returns how many calls of f take about d, after a warm-up.
func calibrate(f func(), d time.Duration) int {
	f()
	n := 1
	for {
		start := time.Now()
		for range n {
			f()
		}
		if el := time.Since(start); el >= d/4 || n >= 1<<30 {
			return max(1, int(float64(n)*float64(d)/float64(max(el, 1))))
		}
		n *= 4
	}
}

// timeCalls returns the seconds per call of n calls of f.
func timeCalls(f func(), n int) float64 {
	start := time.Now()
	for range n {
		f()
	}
	return time.Since(start).Seconds() / float64(n)
}
