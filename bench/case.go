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
	// Peak, if not nil, is timed in turn with the libraries, for their
	// fraction of the peak (Timing.OfPeak).
	Peak *PeakProbe
}

// Libraries in the order the reports print them; simdla first is the one
// the others are compared with.
const (
	Simdla = "simdla"
	Gonum  = "gonum"
	Stream = "stream" // the memory-bandwidth baseline, a plain copy
	Probe  = "peak"   // the FMA-throughput probe, timed beside GEMM (PeakProbe)
)

// Run times one library's call in a benchmark and reports GB/s where the
// case moves memory and GFLOP/s where it computes.
func (c *Case) Run(b *testing.B, lib string) {
	f := c.Libs[lib]
	b.ReportAllocs()
	for b.Loop() {
		f()
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
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
