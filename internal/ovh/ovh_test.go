package ovh

import (
	"testing"
	"runtime"

	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/blas"
)

func BenchmarkDgemm256(b *testing.B) {
	runtime.GOMAXPROCS(1)
	n := 256
	a, bb, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	for i := range a { a[i] = float64(i%7) - 3; bb[i] = float64(i%5) - 2 }
	im := blas.Implementation{}
	for b.Loop() { im.Dgemm(gblas.NoTrans, gblas.NoTrans, n, n, n, 1, a, n, bb, n, 0.5, c, n) }
	b.ReportMetric(2*float64(n*n*n)/b.Elapsed().Seconds()*float64(b.N)/1e9, "GFLOP/s")
}
