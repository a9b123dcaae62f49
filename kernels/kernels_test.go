package kernels_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/kernels"
)

// incs are the increments the strided tests cover.
var incs = []int{1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7}

// sizes returns every n in 0..300 and a few random larger ones.
func sizes(r *rand.Rand) []int {
	var ns []int
	for n := 0; n <= 300; n++ {
		ns = append(ns, n)
	}
	for range 8 {
		ns = append(ns, 301+r.IntN(5000))
	}
	return ns
}

const arenaBytes = 1 << 18 // room for 5301 float64 at increment 7

func TestKernelsMatchDefinitions(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			t.Run("float32", func(t *testing.T) { runCases(t, set, append(vecCases[float32](), f32Cases()...)) })
			t.Run("float64", func(t *testing.T) { runCases(t, set, append(vecCases[float64](), f64Cases()...)) })
		})
	}
}

func runCases[T kernels.Float](t *testing.T, set *kernels.Set, cases []kernelCase[T]) {
	b := newBench(t, arenaBytes)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(c.name))))
			for k, n := range sizes(r) {
				if !c.strided {
					for _, p := range placements {
						if err := check(b, set, c, randomArgs(r, c, n, 1, 1), p); err != nil {
							t.Fatal(err)
						}
					}
					continue
				}
				// Every pair of increments for small n, a rotation of them
				// for the rest.
				pairs := [][2]int{{incs[k%len(incs)], incs[(k*5+3)%len(incs)]}}
				if n <= 9 {
					pairs = pairs[:0]
					for _, ix := range incs {
						for _, iy := range incs {
							pairs = append(pairs, [2]int{ix, iy})
						}
					}
				}
				for _, inc := range pairs {
					for _, p := range placements[:2] {
						if err := check(b, set, c, randomArgs(r, c, n, inc[0], inc[1]), p); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// TestSpecialValues puts NaN, ±Inf and signed zeros at every position of
// short vectors, the masked and scalar tails included, for the kernels
// whose results must then match the definitions exactly.
func TestSpecialValues(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			specialValues[float32](t, set)
			specialValues[float64](t, set)
		})
	}
}

func specialValues[T kernels.Float](t *testing.T, set *kernels.Set) {
	b := newBench(t, arenaBytes)
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 2, -2}
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range vecCases[T]() {
		switch c.name {
		case "Max", "Min", "MaxAbs", "MaxAbsInc", "Sum", "Asum", "Relu", "AddBias", "AddBiasRelu":
		default:
			continue
		}
		for n := 1; n <= 70; n++ {
			for pos := 0; pos < n; pos++ {
				for _, v := range specials {
					a := randomArgs(r, c, n, 1, 1)
					a.x[pos] = T(v)
					if c.name == "Sum" || c.name == "Asum" {
						c.tol = nil // one non-finite value decides the result
						if !math.IsNaN(v) && !math.IsInf(v, 0) {
							continue
						}
					}
					if err := check(b, set, c, a, placements[1]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}
