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
// bit for bit: every n in 0..70 and some longer, one to three output rows
// (and none), input rows 0 to 3 elements longer than the windows need, windows of random values, of ties among a
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
		ld, rows := 2*n+r.IntN(4), 1+r.IntN(3)
		if i%50 == 7 {
			rows = 0
		}
		in := make([]T, max(0, (2*rows-1)*ld+2*n))
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
		y, argmax := guard.Place[T](ya, rows*n, 0, !back), guard.Place[int32](aa, rows*n, 0, back)
		wantY, wantA := make([]T, rows*n), make([]int32, rows*n)
		ref.MaxPool2x2(rows, n, in, ld, wantY, wantA, base)
		vec.MaxPool2x2(rows, n, x, ld, y, argmax, base)
		where := fmt.Sprintf("%s %T rows=%d n=%d ld=%d", set.ISA, y, rows, n, ld)
		for o := range rows * n {
			if i := 2*(o/n)*ld + 2*(o%n); !sameBits(y[o], wantY[o]) || argmax[o] != wantA[o] {
				t.Fatalf("%s: output %d = %v at %d, want %v at %d (window %v %v %v %v)", where, o, y[o], argmax[o],
					wantY[o], wantA[o], in[i], in[i+1], in[ld+i], in[ld+i+1])
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
		generic.F64.MaxPool2x2(1, 1, x, 2, y, a, 10)
		if math.Float64bits(y[0]) != math.Float64bits(c.y) || a[0] != 10+c.k {
			t.Errorf("window %v: %v at %d, want %v at %d", c.window, y[0], a[0], c.y, 10+c.k)
		}
	}
}

// TestMaxPool2x2DefinitionRows checks the definition's rows by hand: row r
// reads input rows 2r and 2r+1 and its indices count from x's start.
func TestMaxPool2x2DefinitionRows(t *testing.T) {
	generic, _ := kernels.For(kernels.Generic)
	x := []float32{ // ld = 5: two output rows of two windows each
		1, 9, 2, 3, -1,
		4, 5, 6, 0, -1,
		7, 1, 8, 2, -1,
		3, 0, 9, 9, -1,
	}
	y, a := make([]float32, 4), make([]int32, 4)
	generic.F32.MaxPool2x2(2, 2, x, 5, y, a, 100)
	if want := []float32{9, 6, 7, 9}; fmt.Sprint(y) != fmt.Sprint(want) {
		t.Errorf("y = %v, want %v", y, want)
	}
	if want := []int32{101, 107, 110, 117}; fmt.Sprint(a) != fmt.Sprint(want) {
		t.Errorf("argmax = %v, want %v", a, want)
	}
}

// TestDeinterleave checks Deinterleave on every ISA against its
// definition, bit for bit (it only moves elements): every n in 0..70 and
// some longer, NaN of two payloads among the values, x, even and odd each
// against a guard page, front or back.
func TestDeinterleave(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			deinterleave[float32](t, set)
			deinterleave[float64](t, set)
		})
	}
}

func deinterleave[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	xa, ea, oa := guard.New(arenaBytes), guard.New(arenaBytes), guard.New(arenaBytes)
	defer xa.Free()
	defer ea.Free()
	defer oa.Free()
	r := rand.New(rand.NewPCG(25, 26))
	nan2 := math.Float64frombits(math.Float64bits(math.NaN()) ^ 1)
	ns := make([]int, 0, 80)
	for n := range 71 {
		ns = append(ns, n)
	}
	for range 8 {
		ns = append(ns, 71+r.IntN(300))
	}
	for i, n := range ns {
		in := make([]T, 2*n)
		for j := range in {
			in[j] = T(2*r.Float64() - 1)
			if r.IntN(9) == 0 {
				in[j] = T([]float64{math.NaN(), nan2}[r.IntN(2)])
			}
		}
		back := i%2 == 1
		x := guard.Place[T](xa, len(in), 0, back)
		copy(x, in)
		even, odd := guard.Place[T](ea, n, 0, !back), guard.Place[T](oa, n, 0, back)
		wantEven, wantOdd := make([]T, n), make([]T, n)
		ref.Deinterleave(n, in, wantEven, wantOdd)
		vec.Deinterleave(n, x, even, odd)
		for j := range n {
			if !sameBits(even[j], wantEven[j]) || !sameBits(odd[j], wantOdd[j]) {
				t.Fatalf("%s %T n=%d: pair %d = %v, %v, want %v, %v", set.ISA, x, n, j, even[j], odd[j], wantEven[j], wantOdd[j])
			}
		}
		if !guard.Untouched(ea, even) || !guard.Untouched(oa, odd) {
			t.Fatalf("%s %T n=%d: wrote outside even or odd", set.ISA, x, n)
		}
	}
}
