package conv

import (
	"fmt"
	"testing"

	"github.com/simdla/simdla/dispatch"
)

// BenchmarkDepthwiseForward runs MobileNet's depthwise 3x3 layers (padding
// 1, batch 1, float32; stride 1, and 2 where the name says s2) on one thread with the kernels dispatch
// chose, in GFLOP/s of 2*N*C*P*Q*R*S.
func BenchmarkDepthwiseForward(b *testing.B) {
	for _, l := range []struct{ c, hw, stride int }{{32, 112, 1}, {512, 14, 1}, {64, 112, 2}, {512, 14, 2}} {
		s := depthwise(1, l.c, l.hw, l.hw, Square(3, l.stride, 1))
		name := fmt.Sprintf("c%dh%dw%d_%s", l.c, l.hw, l.hw, dispatch.ISA())
		if l.stride == 2 {
			name = fmt.Sprintf("c%dh%dw%ds2_%s", l.c, l.hw, l.hw, dispatch.ISA())
		}
		b.Run(name, func(b *testing.B) {
			x, w, y := make([]float32, s.InputLen()), make([]float32, s.FilterLen()), make([]float32, s.OutputLen())
			for i := range x {
				x[i] = float32(i%7) - 3
			}
			for i := range w {
				w[i] = float32(i%5) - 2
			}
			v := &dispatch.F32().Vec
			for b.Loop() {
				depthwiseForward(v, s, y, x, w, 0, s.N*s.C)
			}
			b.ReportMetric(s.Flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
