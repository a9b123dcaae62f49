package kernels_test

import (
	"fmt"
	"testing"

	"github.com/simdla/simdla/kernels"
)

// BenchmarkIm2colRows fills panels 32 wide as conv packs them, runs of a
// whole output row side by side: LeNet-5's second layer (6 channels of
// 14×14, a 5×5 window, runs of 10, no padding) and ResNet's 3x3 layer at
// 7x7 (64 of its channels, runs of 7, padded by 1).
func BenchmarkIm2colRows(b *testing.B) {
	generic, _ := kernels.For(kernels.Generic)
	for _, set := range append(simdSets(b), generic) {
		for _, c := range []struct {
			name                string
			q, k, pad, channels int
		}{{"lenet2", 10, 5, 0, 6}, {"resnet7", 7, 3, 1, 64}} {
			b.Run(fmt.Sprintf("%s/%s", set.ISA, c.name), func(b *testing.B) {
				v := vecOf[float32](set)
				w := c.q + c.k - 1 - 2*c.pad // the image's width and height
				var taps []int               // output row 1's
				for r := range c.k {
					for s := range c.k {
						taps = append(taps, max(0, c.pad-s), min(c.q, w+c.pad-s), (1-c.pad+r)*w-c.pad+s)
					}
				}
				rows := c.channels * c.k * c.k
				x := make([]float32, c.channels*w*w)
				dst := make([]float32, rows*32)
				b.SetBytes(int64(32 / c.q * c.q * rows * 4))
				for b.Loop() {
					for d := 0; d+c.q <= 32; d += c.q {
						v.Im2colRows(rows, c.q, dst[d:], 32, x, w*w, taps, 0, 0)
					}
				}
			})
		}
	}
}
