package bench

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/simdla/simdla/dispatch"
)

// TestTiming checks the per-round figures: ratios and fractions are taken
// within each round before the median, and the probe's range is its own.
func TestTiming(t *testing.T) {
	tm := Timing{
		flops: 10e9,
		rounds: map[string][]float64{
			Simdla: {1, 2, 1}, // 10, 5 and 10 GFLOP/s
			Gonum:  {3, 4, 5},
		},
		peak: []float64{20, 5, 40},
	}
	if got, want := tm.Speedup(Gonum), 3.0; got != want { // 3, 2, 5
		t.Errorf("Speedup = %v, want %v", got, want)
	}
	if got, want := tm.OfPeak(Simdla), 0.5; got != want { // 0.5, 1, 0.25
		t.Errorf("OfPeak = %v, want %v", got, want)
	}
	if med, lo, hi := tm.Peak(); med != 20 || lo != 5 || hi != 40 {
		t.Errorf("Peak = %v, %v, %v, want 20, 5, 40", med, lo, hi)
	}
}

// TestCalibrate checks that a call as long as the batch, or a batch of 0,
// is timed by the warm-up alone.
func TestCalibrate(t *testing.T) {
	for _, d := range []time.Duration{0, time.Millisecond} {
		calls := 0
		n, err := calibrate(callTimer(func() { calls++; time.Sleep(2 * time.Millisecond) }), d)
		if err != nil || n != 1 || calls != 1 {
			t.Errorf("batch %v: %d calls to calibrate to %d (error %v), want 1 to 1", d, calls, n, err)
		}
	}
}

// TestMeasurePeak checks that Measure times the probe in every round, on as
// many goroutines as it was made for, and keeps it out of Seconds.
func TestMeasurePeak(t *testing.T) {
	c := &Case{Flops: 1e6, Libs: map[string]func(){Simdla: func() {}}, Peak: NewPeakProbe(dispatch.F64().Peak, 2, 1e6)}
	tm := Measure(c, 3, time.Millisecond)
	if len(tm.peak) != 3 {
		t.Fatalf("%d probe rounds, want 3", len(tm.peak))
	}
	for r, gf := range tm.peak {
		if !(gf > 0) {
			t.Errorf("round %d: probe %v GFLOP/s", r, gf)
		}
	}
	if _, ok := tm.Seconds[Probe]; ok {
		t.Error("the probe has Seconds")
	}
	if gf := c.Peak.Take(); gf != 0 {
		t.Errorf("Take after Measure = %v, want 0: nothing ran since", gf)
	}
}

// TestMeasureTimers checks that Measure runs a library of Timers in the
// rounds with the others, one request a turn, takes its own seconds, and
// drops a library whose Timer fails, keeping its error.
func TestMeasureTimers(t *testing.T) {
	requests := 0
	broken := errors.New("helper gone")
	c := &Case{
		Libs: map[string]func(){Simdla: func() { time.Sleep(100 * time.Microsecond) }},
		Timers: map[string]Timer{
			"self": func(n int) (float64, error) { requests++; return 3e-3 * float64(n), nil },
			"gone": func(n int) (float64, error) {
				if requests > 0 {
					return 0, broken
				}
				return 1e-3 * float64(n), nil
			},
		},
	}
	tm := Measure(c, 3, time.Millisecond)
	if got := tm.Seconds["self"]; got != 3e-3 {
		t.Errorf("self: %v s a call, want 3e-3", got)
	}
	if calibration := 1; requests != calibration+3 {
		t.Errorf("self: %d requests, want %d: the calibration's and one a round", requests, calibration+3)
	}
	if !errors.Is(tm.Failed["gone"], broken) {
		t.Errorf("gone: Failed = %v, want %v", tm.Failed["gone"], broken)
	}
	if _, ok := tm.Seconds["gone"]; ok || !math.IsNaN(tm.Speedup("gone")) {
		t.Errorf("gone: Seconds %v, Speedup %v, want none and NaN", tm.Seconds["gone"], tm.Speedup("gone"))
	}
	if s := tm.Speedup("self"); !(s > 1) {
		t.Errorf("self: Speedup %v, want above 1", s)
	}
}
