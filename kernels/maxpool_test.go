package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestMaxPool2x2 checks MaxPool2x2 on every ISA against its definition,
// bit for bit: every n in 0..70 and some longer, rows 0 to 3 elements
// longer than the windows need, windows of random values, of ties among a
// few values (zeros of both signs among them) and of special values (NaN
// of two payloads, infinities), x, y and argmax each against a guard page,
// front or back: an element read or written outside them faults, and so
// does a masked-off lane that touches memory before x or past it.
func TestMaxPool2x2(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			maxPool2x2[float32](t, set)
			maxPool2x2[float64](t, set)
		})
	}
}

func maxPool2x2[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	xa, ya, aa := guard.New(arenaBytes), guard.New(arenaBytes), guard.New(arenaBytes)
	defer xa.Free()
	defer ya.Free()
	defer aa.Free()
	r := rand.New(rand.NewPCG(21, 22))
	nan2 := math.Float64frombits(math.Float64bits(math.NaN()) ^ 1)
	ties := []float64{-1, 0, math.Copysign(0, -1), 1, 2}
	specials := []float64{math.NaN(), nan2, math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 3}
	var ns []int
	for n := range 71 {
		ns = append(ns, n, n, n)
	}
	for range 8 {
		ns = append(ns, 71+r.IntN(300))
	}
	for i, n := range ns {
		ld := 2*n + r.IntN(4)
		in := make([]T, ld+2*n)
		for j := range in {
			switch i % 3 {
			case 0:
				in[j] = T(2*r.Float64() - 1)
			case 1:
				in[j] = T(ties[r.IntN(len(ties))])
			default:
				in[j] = T(specials[r.IntN(len(specials))])
			}
		}
		base := r.IntN(1000)
		back := i%2 == 1
		x := guard.Place[T](xa, len(in), 0, back)
		copy(x, in)
		y, argmax := guard.Place[T](ya, n, 0, !back), guard.Place[int32](aa, n, 0, back)
		wantY, wantA := make([]T, n), make([]int32, n)
		ref.MaxPool2x2(n, in, ld, wantY, wantA, base)
		vec.MaxPool2x2(n, x, ld, y, argmax, base)
		where := fmt.Sprintf("%s %T n=%d ld=%d", set.ISA, y, n, ld)
		for q := range n {
			if !sameBits(y[q], wantY[q]) || argmax[q] != wantA[q] {
				t.Fatalf("%s: output %d = %v at %d, want %v at %d (window %v %v %v %v)", where, q, y[q], argmax[q],
					wantY[q], wantA[q], in[2*q], in[2*q+1], in[ld+2*q], in[ld+2*q+1])
			}
		}
		if !guard.Untouched(ya, y) || !guard.Untouched(aa, argmax) {
			t.Fatalf("%s: wrote outside y or argmax", where)
		}
	}
}

// TestMaxPool2x2Definition checks the definition on windows worked by
// hand: the first largest, +0 over -0, the last NaN.
func TestMaxPool2x2Definition(t *testing.T) {
	generic, _ := kernels.For(kernels.Generic)
	nz := math.Copysign(0, -1)
	nan2 := math.Float64frombits(math.Float64bits(math.NaN()) ^ 1)
	cases := []struct {
		window [4]float64
		y      float64
		k      int32
	}{
		{[4]float64{1, 2, 3, 4}, 4, 3},
		{[4]float64{4, 3, 2, 1}, 4, 0},
		{[4]float64{1, 3, 3, 2}, 3, 1},
		{[4]float64{nz, 0, nz, 0}, 0, 0},
		{[4]float64{nz, nz, nz, nz}, nz, 0},
		{[4]float64{math.NaN(), 1, nan2, 2}, nan2, 2},
		{[4]float64{math.Inf(-1), math.Inf(-1), -1, math.Inf(-1)}, -1, 2},
	}
	for _, c := range cases {
		x := []float64{c.window[0], c.window[1], c.window[2], c.window[3]}
		y, a := make([]float64, 1), make([]int32, 1)
		generic.F64.MaxPool2x2(1, x, 2, y, a, 10)
		if math.Float64bits(y[0]) != math.Float64bits(c.y) || a[0] != 10+c.k {
			t.Errorf("window %v: %v at %d, want %v at %d", c.window, y[0], a[0], c.y, 10+c.k)
		}
	}
}
