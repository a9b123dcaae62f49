package bench

import (
	"math/rand/v2"
	"testing"
)

// Case is one operation at one size, runnable by several libraries.
type Case struct {
	Group string  // "level1"
	Name  string  // routine: "ddot"
	N     int     // problem size
	Bytes float64 // bytes read and written per call
	Flops float64 // floating-point operations per call
	// Libs maps a library name to one call of the operation. Every call
	// sees the same data.
	Libs map[string]func()
	// Timers maps the name of a library that times its own calls, such as
	// a peer in a helper process (Torch), to its Timer. A library is in
	// Libs or in Timers, not both.
	Timers map[string]Timer
	// Peak, if not nil, is timed in turn with the libraries, for their
	// fraction of the peak (Timing.OfPeak).
	Peak *PeakProbe
}

// Timer runs a library's call of the operation calls times, one after
// another, and returns the seconds they took as the library measured them,
// or an error if it could not run them. A peer in another process measures
// there, so that the exchange with it is not counted.
type Timer func(calls int) (seconds float64, err error)

// Libraries in the order the reports print them; simdla first is the one
// the others are compared with.
const (
	Simdla = "simdla"
	Gonum  = "gonum"
	Stream = "stream" // the memory-bandwidth baseline, a plain copy
	Probe  = "peak"   // the FMA-throughput probe, timed beside GEMM (PeakProbe)
	Torch  = "torch"  // PyTorch on the CPU, in a helper process (TorchPeer)
)

// Run times one library's call in a benchmark and reports GB/s where the
// case moves memory and GFLOP/s where it computes. A library in Timers
// runs b.N calls in one request and the metrics use the time it reports;
// the benchmark's own ns/op then counts the exchange with it too.
func (c *Case) Run(b *testing.B, lib string) {
	var sec float64
	if tm := c.Timers[lib]; tm != nil {
		s, err := tm(b.N)
		if err != nil {
			b.Fatal(err)
		}
		sec = s / float64(b.N)
	} else {
		f := c.Libs[lib]
		b.ReportAllocs()
		for b.Loop() {
			f()
		}
		sec = b.Elapsed().Seconds() / float64(b.N)
	}
	if c.Bytes > 0 {
		b.ReportMetric(c.Bytes/sec/1e9, "GB/s")
	}
	if c.Flops > 0 {
		b.ReportMetric(c.Flops/sec/1e9, "GFLOP/s")
	}
}

func randomF64(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*r.Float64() - 1
	}
	return s
}

func randomF32(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(2*r.Float64() - 1)
	}
	return s
}
