package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestConvRows checks ConvRows on every ISA against its definition: every
// row length in 0..300 and some larger, 0 to 40 steps whose inputs lie
// anywhere (overlapping, repeated, the first at x[0] and the last ending at
// x's end), row strides from n to 17 more, y and x each against a guard
// page.
func TestConvRows(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			convRowsKernel[float32](t, set)
			convRowsKernel[float64](t, set)
		})
	}
}

func convRowsKernel[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	ya, xa := guard.New(arenaBytes), guard.New(4*arenaBytes)
	defer ya.Free()
	defer xa.Free()
	r := rand.New(rand.NewPCG(19, 20))
	e := eps[T]()
	for i, n := range sizes(r) {
		steps := []int{1, 4, 25, 0, 2, 40, 7}[i%7]
		offs := make([]int, steps)
		span := r.IntN(200)
		for s := range offs {
			offs[s] = r.IntN(span + 1)
		}
		if steps > 0 { // the reads start at x[0] and end at x's end
			offs[r.IntN(steps)] = 0
			offs[r.IntN(steps)] = span
		}
		ldy := n + []int{0, 1, 3, 17}[i%4]
		xn, yn := 0, 0
		if steps > 0 && n > 0 {
			xn, yn = slices.Max(offs)+n, 3*ldy+n
		}
		p := placements[i%len(placements)]
		x, w := fill[T](r, xn), fill[T](r, 4*steps)
		want := make([]T, yn)
		for j := range want {
			want[j] = 7 // between the rows, and all where nothing is computed: must stay
		}
		if yn > 0 {
			ref.ConvRows(n, want, ldy, w, x, offs)
		}
		gy, gx := guard.Place[T](ya, yn, p.off, p.fromBack), guard.Place[T](xa, xn, p.off, !p.fromBack)
		copy(gx, x)
		for j := range gy {
			gy[j] = 7
		}
		vec.ConvRows(n, gy, ldy, w, gx, offs)
		where := fmt.Sprintf("%s %T n=%d ldy=%d steps=%d %s", set.ISA, x, n, ldy, steps, p.name)
		for j := range want {
			if j%ldy >= n {
				if gy[j] != 7 {
					t.Fatalf("%s: y[%d] = %v, written between the rows", where, j, gy[j])
				}
				continue
			}
			// steps products of magnitude below 1, rounded in another order.
			if !near(float64(gy[j]), float64(want[j]), sumTol(steps, e, float64(steps))) {
				t.Fatalf("%s: y[%d] = %v, want %v", where, j, gy[j], want[j])
			}
		}
		if !guard.Untouched(ya, gy) || !guard.Untouched(xa, gx) {
			t.Fatalf("%s: wrote outside y or x", where)
		}
	}
}

// BenchmarkConvRows computes four output channels of LeNet-5's second
// layer for one image: 150 steps (6 channels of 14×14, a 5×5 window) over
// 10 output rows 14 wide.
func BenchmarkConvRows(b *testing.B) {
	generic, _ := kernels.For(kernels.Generic)
	for _, set := range append(simdSets(b), generic) {
		b.Run(set.ISA.String(), func(b *testing.B) {
			v := vecOf[float32](set)
			var offs []int
			for c := range 6 {
				for r := range 5 {
					for s := range 5 {
						offs = append(offs, c*14*14+r*14+s)
					}
				}
			}
			n := 10 * 14
			x, w, y := make([]float32, 6*14*14+4), make([]float32, 4*len(offs)), make([]float32, 4*n)
			b.SetBytes(int64(2 * 4 * 100 * len(offs))) // useful flops, as bytes
			for b.Loop() {
				v.ConvRows(n, y, n, w, x, offs)
			}
		})
	}
}
