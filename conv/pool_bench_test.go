package conv

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/kernels"
)

// The pooling layers of ResNet and VGG, float32, batch 1, and LeNet-5's
// two, at the batch of 64 it trains at.
var poolBenchCases = []struct {
	name string
	p    Pool
}{
	{"stem3x3s2p1", Pool{N: 1, C: 64, H: 112, W: 112, Window: Square(3, 2, 1)}},
	{"vgg2x2s2", Pool{N: 1, C: 128, H: 56, W: 56, Window: Square(2, 2, 0)}},
	{"3x3s1p1", Pool{N: 1, C: 64, H: 28, W: 28, Window: Square(3, 1, 1)}},
	{"lenet1", Pool{N: 64, C: 6, H: 28, W: 28, Window: Square(2, 2, 0)}},
	{"lenet2", Pool{N: 64, C: 16, H: 10, W: 10, Window: Square(2, 2, 0)}},
}

func BenchmarkMaxPool(b *testing.B) {
	for _, c := range poolBenchCases {
		x, y, dx, argmax := benchPoolData[float32](c.p)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(4 * (c.p.InputLen() + c.p.OutputLen())))
			for b.Loop() {
				MaxPool(c.p, x, y, nil)
			}
		})
		b.Run(c.name+"/argmax", func(b *testing.B) {
			for b.Loop() {
				MaxPool(c.p, x, y, argmax)
			}
		})
		b.Run(c.name+"/backward", func(b *testing.B) {
			MaxPool(c.p, x, y, argmax)
			for b.Loop() {
				MaxPoolBackward(c.p, y, argmax, dx)
			}
		})
	}
}

func BenchmarkAvgPool(b *testing.B) {
	for _, c := range poolBenchCases {
		x, y, dx, _ := benchPoolData[float32](c.p)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				AvgPool(c.p, true, x, y)
			}
		})
		b.Run(c.name+"/backward", func(b *testing.B) {
			for b.Loop() {
				AvgPoolBackward(c.p, true, y, dx)
			}
		})
	}
}

func BenchmarkGlobalAvgPool(b *testing.B) {
	for _, s := range [][4]int{{1, 512, 7, 7}, {8, 2048, 7, 7}} {
		n, c, h, w := s[0], s[1], s[2], s[3]
		x, y := make([]float32, n*c*h*w), make([]float32, n*c)
		b.Run(fmt.Sprintf("%dx%dx%dx%d", n, c, h, w), func(b *testing.B) {
			for b.Loop() {
				GlobalAvgPool(n, c, h, w, x, y)
			}
		})
	}
}

func benchPoolData[T kernels.Float](p Pool) (x, y, dx []T, argmax []int32) {
	r := rand.New(rand.NewPCG(1, 1))
	return toT[T](uniform(r, p.InputLen())), make([]T, p.OutputLen()), make([]T, p.InputLen()), make([]int32, p.OutputLen())
}
