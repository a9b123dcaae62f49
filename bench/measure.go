package bench

import (
	"slices"
	"time"
)

// Measure times every library of c over rounds rounds, the libraries taking
// turns within each round (their order rotating from round to round) so
// that drift in the machine's speed hits them alike. Each turn runs a batch
// of calls sized to last about batch. It returns the median seconds per
// call of each library.
func Measure(c *Case, rounds int, batch time.Duration) map[string]float64 {
	libs := c.LibNames()
	iters := make(map[string]int, len(libs))
	for _, lib := range libs {
		iters[lib] = calibrate(c.Libs[lib], batch)
	}
	samples := make(map[string][]float64, len(libs))
	for r := range rounds {
		for i := range libs {
			lib := libs[(i+r)%len(libs)]
			samples[lib] = append(samples[lib], timeCalls(c.Libs[lib], iters[lib]))
		}
	}
	med := make(map[string]float64, len(libs))
	for lib, s := range samples {
		slices.Sort(s)
		med[lib] = s[len(s)/2]
	}
	return med
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
