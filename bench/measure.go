package bench

import (
	"maps"
	"math"
	"slices"
	"time"
)

// Timing is what Measure found for one case.
type Timing struct {
	// Seconds is each library's median seconds per call (the probe's
	// not among them).
	Seconds map[string]float64
	flops   float64
	// rounds holds each library's seconds per call in every round.
	rounds map[string][]float64
	// peak holds the probe's GFLOP/s in every round, if the case has one.
	peak []float64
	// Failed holds the error of each library whose Timer failed; such a
	// library has no Seconds, and its Speedup and OfPeak are NaN.
	Failed map[string]error
}

// Speedup returns the median over rounds of lib's time divided by simdla's
// in the same round: how many times faster simdla is. Taking the ratio
// within a round, where the two ran back to back, cancels the slow drift of
// a shared machine's speed.
func (t Timing) Speedup(lib string) float64 {
	ratios := make([]float64, len(t.rounds[lib]))
	for r, sec := range t.rounds[lib] {
		ratios[r] = sec / t.rounds[Simdla][r]
	}
	return median(ratios)
}

// OfPeak returns the median over rounds of lib's GFLOP/s divided by the
// peak probe's in the same round, for a case with a probe.
func (t Timing) OfPeak(lib string) float64 {
	fractions := make([]float64, len(t.rounds[lib]))
	for r, sec := range t.rounds[lib] {
		fractions[r] = t.flops / sec / 1e9 / t.peak[r]
	}
	return median(fractions)
}

// Peak returns the median, lowest and highest of the peak probe's GFLOP/s
// over the rounds, for a case with a probe.
func (t Timing) Peak() (med, lo, hi float64) {
	return median(t.peak), slices.Min(t.peak), slices.Max(t.peak)
}

// median returns the median of s, NaN if s is empty.
func median(s []float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return s[len(s)/2]
}

// Measure times every library of c, and its peak probe if it has one, over
// rounds rounds, taking turns within each round (their order rotating from
// round to round) so that drift in the machine's speed hits them alike.
// Each turn runs a batch of calls sized to last about batch, or one call
// where batch is 0; a library in c.Timers runs its batch as one request.
// A library whose Timer fails drops out of the rounds that remain and of
// the result, which keeps its error in Failed.
func Measure(c *Case, rounds int, batch time.Duration) Timing {
	timers := make(map[string]Timer, len(c.Libs)+len(c.Timers)+1)
	for lib, f := range c.Libs {
		timers[lib] = callTimer(f)
	}
	maps.Copy(timers, c.Timers)
	libs := c.LibNames()
	if c.Peak != nil {
		timers[Probe] = callTimer(c.Peak.Call)
		libs = append(libs, Probe)
	}
	t := Timing{Seconds: map[string]float64{}, flops: c.Flops, rounds: map[string][]float64{}}
	fail := func(lib string, err error) {
		if t.Failed == nil {
			t.Failed = map[string]error{}
		}
		t.Failed[lib] = err
		delete(t.rounds, lib)
	}
	iters := make(map[string]int, len(libs))
	for _, lib := range libs {
		n, err := calibrate(timers[lib], batch)
		if err != nil {
			fail(lib, err)
			continue
		}
		iters[lib] = n
	}
	libs = slices.DeleteFunc(libs, func(lib string) bool { return t.Failed[lib] != nil })
	if c.Peak != nil {
		c.Peak.Take() // drop the calibration's calls
	}
	for r := range rounds {
		for i := range libs {
			lib := libs[(i+r)%len(libs)]
			if t.Failed[lib] != nil {
				continue
			}
			sec, err := timers[lib](iters[lib])
			if err != nil {
				fail(lib, err)
				continue
			}
			t.rounds[lib] = append(t.rounds[lib], sec/float64(iters[lib]))
			if lib == Probe {
				t.peak = append(t.peak, c.Peak.Take())
			}
		}
	}
	for lib, s := range t.rounds {
		if lib != Probe {
			t.Seconds[lib] = median(s)
		}
	}
	return t
}

// LibNames returns the case's libraries, of Libs and Timers, simdla
// first, the rest sorted.
func (c *Case) LibNames() []string {
	var libs []string
	for lib := range c.Libs {
		libs = append(libs, lib)
	}
	for lib := range c.Timers {
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

// calibrate returns how many calls timed by tm take about d, after a
// warm-up call, which alone decides where one call takes d or longer: 1.
func calibrate(tm Timer, d time.Duration) (int, error) {
	sec, err := tm(1)
	if err != nil || sec >= d.Seconds() {
		return 1, err
	}
	n := 1
	for {
		sec, err := tm(n)
		if err != nil {
			return 1, err
		}
		if el := time.Duration(sec * 1e9); el >= d/4 || n >= 1<<30 {
			return max(1, int(float64(n)*float64(d)/float64(max(el, 1)))), nil
		}
		n *= 4
	}
}

// callTimer returns the Timer of f, timed in this process.
func callTimer(f func()) Timer {
	return func(n int) (float64, error) {
		start := time.Now()
		for range n {
			f()
		}
		return time.Since(start).Seconds(), nil
	}
}
