package kernels_test

import (
	"encoding/binary"
	"testing"

	"github.com/simdla/simdla/kernels"
)

// FuzzKernels checks every kernel of every table this CPU runs against its
// definition on vectors the fuzzer chooses: data gives the elements (two
// bytes each, scaled into [-1, 1] so that sums stay finite and the error
// bounds meaningful), n and the increments their shape.
//
//	go test ./kernels -run '^$' -fuzz FuzzKernels -fuzztime 1m
func FuzzKernels(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint16(5), int8(1), int8(-2), int8(3))
	f.Add(make([]byte, 600), uint16(77), int8(7), int8(-7), int8(0))
	sets := simdSets(f)
	b := newBench(f, arenaBytes)
	f.Fuzz(func(t *testing.T, data []byte, n uint16, incX, incY, scalar int8) {
		vals := make([]float64, len(data)/2)
		for i := range vals {
			vals[i] = float64(int16(binary.LittleEndian.Uint16(data[2*i:]))) / (1 << 15)
		}
		shape := shape{n: int(n) % 600, incX: clampInc(incX), incY: clampInc(incY), scalar: float64(scalar) / 64}
		for _, set := range sets {
			fuzzCases(t, b, set, append(vecCases[float32](), f32Cases()...), vals, shape)
			fuzzCases(t, b, set, append(vecCases[float64](), f64Cases()...), vals, shape)
		}
	})
}

type shape struct {
	n, incX, incY int
	scalar        float64
}

// clampInc maps v onto a nonzero increment in [-7, 7].
func clampInc(v int8) int {
	i := int(v) % 8
	if i == 0 {
		return 1
	}
	return i
}

func fuzzCases[T kernels.Float](t *testing.T, b *bench, set *kernels.Set, cases []kernelCase[T], vals []float64, s shape) {
	at := 0
	next := func() T { // the data, cycled; zeros if there is none
		if len(vals) == 0 {
			return 0
		}
		at++
		return T(vals[at%len(vals)])
	}
	for _, c := range cases {
		a := &args[T]{n: s.n, incX: 1, incY: 1, alpha: T(s.scalar), h: [4]T{next(), next(), next(), next()}}
		lx, ly := s.n, s.n
		if c.strided {
			a.incX, a.incY = s.incX, s.incY
			lx, ly = span(s.n, s.incX), span(s.n, s.incY)
		}
		a.x = make([]T, lx)
		for i := range a.x {
			a.x[i] = next()
		}
		if c.slices == 2 {
			a.y = make([]T, ly)
			for i := range a.y {
				a.y[i] = next()
			}
		}
		for _, p := range placements[:2] {
			if err := check(b, set, c, a, p); err != nil {
				t.Fatal(err)
			}
		}
	}
}
