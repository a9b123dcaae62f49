package conv

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// layers are the convolutions of real networks the benchmarks run.
var layers = []struct {
	name  string
	shape Shape
}{
	{"resnet3x3-64@56", Shape{C: 64, H: 56, W: 56, K: 64, Window: Square(3, 1, 1)}},
	{"resnet3x3-128@28", Shape{C: 128, H: 28, W: 28, K: 128, Window: Square(3, 1, 1)}},
	{"resnet3x3-256@14", Shape{C: 256, H: 14, W: 14, K: 256, Window: Square(3, 1, 1)}},
	{"resnet3x3-512@7", Shape{C: 512, H: 7, W: 7, K: 512, Window: Square(3, 1, 1)}},
	{"resnet1x1-256to64@56", Shape{C: 256, H: 56, W: 56, K: 64, Window: Square(1, 1, 0)}},
	{"resnet1x1-64to256@56", Shape{C: 64, H: 56, W: 56, K: 256, Window: Square(1, 1, 0)}},
	{"resnet3x3s2-128@56", Shape{C: 128, H: 56, W: 56, K: 128, Window: Square(3, 2, 1)}},
	{"mobilenet-dw32@112", Shape{C: 32, H: 112, W: 112, K: 32, Groups: 32, Window: Square(3, 1, 1)}},
	{"mobilenet-dw512@14", Shape{C: 512, H: 14, W: 14, K: 512, Groups: 512, Window: Square(3, 1, 1)}},
	{"mobilenet-dw64s2@112", Shape{C: 64, H: 112, W: 112, K: 64, Groups: 64, Window: Square(3, 2, 1)}},
	{"mobilenet-dw512s2@14", Shape{C: 512, H: 14, W: 14, K: 512, Groups: 512, Window: Square(3, 2, 1)}},
	{"lenet-conv1", Shape{C: 1, H: 28, W: 28, K: 6, Window: Square(5, 1, 2)}},
	{"lenet-conv2", Shape{C: 6, H: 14, W: 14, K: 16, Window: Square(5, 1, 0)}},
}

func BenchmarkForward(b *testing.B) {
	for _, l := range layers {
		for _, n := range []int{1, 32} {
			s := l.shape
			s.N = n
			b.Run(fmt.Sprintf("%s/N=%d", l.name, n), func(b *testing.B) {
				r := rand.New(rand.NewPCG(1, 1))
				pl := NewPlan[float32](s)
				x, w, y := random[float32](r, s.InputLen()), random[float32](r, s.FilterLen()), make([]float32, s.OutputLen())
				b.ReportAllocs()
				for b.Loop() {
					pl.Forward(y, x, w, nil)
				}
				b.ReportMetric(s.Flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkBackward runs the gradients of ResNet's 64-channel 3x3 layer.
func BenchmarkBackward(b *testing.B) {
	for _, n := range []int{1, 32} {
		s := layers[0].shape
		s.N = n
		r := rand.New(rand.NewPCG(1, 1))
		pl := NewPlan[float32](s)
		x, w, dy := random[float32](r, s.InputLen()), random[float32](r, s.FilterLen()), random[float32](r, s.OutputLen())
		dx, dw := make([]float32, len(x)), make([]float32, len(w))
		b.Run(fmt.Sprintf("data/N=%d", n), func(b *testing.B) {
			for b.Loop() {
				pl.BackwardData(dx, dy, w)
			}
			b.ReportMetric(s.Flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(fmt.Sprintf("filter/N=%d", n), func(b *testing.B) {
			for b.Loop() {
				pl.BackwardFilter(dw, dy, x)
			}
			b.ReportMetric(s.Flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
