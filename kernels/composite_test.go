package kernels_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/kernels"
)

// allSets returns every table this CPU runs, generic included: the
// composite kernels are checked against independent references, not
// against the generic table.
func allSets(t *testing.T) []*kernels.Set {
	sets := simdSets(t)
	if generic, _ := kernels.For(kernels.Generic); sets[0] != generic {
		sets = append([]*kernels.Set{generic}, sets...)
	}
	return sets
}

// exactNorm is a reference Euclidean norm in 256-bit arithmetic, which no
// float64 overflows or underflows, rounded once to float64.
func exactNorm(x []float64, n, inc int) float64 {
	sum := new(big.Float).SetPrec(256)
	for i := 0; i < n; i++ {
		v := x[i*inc]
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return math.NaN() // not used for such inputs
		}
		sq := new(big.Float).SetPrec(256).SetFloat64(v)
		sum.Add(sum, sq.Mul(sq, sq))
	}
	r, _ := sum.Sqrt(sum).Float64()
	return r
}

func TestNrm2(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	scales := []float64{1, 0x1p-1070, 0x1p-600, 0x1p-300, 0x1p300, 0x1p600, 0x1p1000, math.MaxFloat64 / 4}
	for _, set := range allSets(t) {
		for _, n := range []int{0, 1, 2, 3, 7, 16, 33, 100, 1000, 5000} {
			for _, inc := range []int{1, 3} {
				for _, scale := range scales {
					x := make([]float64, span(n, inc))
					for i := range x {
						x[i] = scale * (2*r.Float64() - 1)
					}
					got, want := set.F64.Nrm2(n, x, inc), exactNorm(x, n, inc)
					if math.Abs(got-want) > 2*float64(n+1)*0x1p-53*want+math.SmallestNonzeroFloat64 {
						t.Errorf("%s F64.Nrm2 n=%d inc=%d scale=%g: %v, want %v", set.ISA, n, inc, scale, got, want)
					}
					xs := make([]float32, len(x))
					for i := range xs {
						xs[i] = float32(x[i] / scale * math.Min(scale, 1e30)) // float32 range
					}
					ref := make([]float64, len(xs))
					for i, v := range xs {
						ref[i] = float64(v)
					}
					gs, ws := float64(set.F32.Nrm2(n, xs, inc)), exactNorm(ref, n, inc)
					if math.Abs(gs-ws) > 2*0x1p-24*ws+math.SmallestNonzeroFloat32 {
						t.Errorf("%s F32.Nrm2 n=%d inc=%d: %v, want %v", set.ISA, n, inc, gs, ws)
					}
				}
			}
		}
		// Mixed magnitudes: the huge element must not overflow the sum
		// and the tiny ones must not vanish when they carry the norm.
		for _, c := range []struct {
			x    []float64
			want float64
		}{
			{[]float64{0x1p1000, 0x1p1000, 0x1p1000, 0x1p1000}, 0x1p1001},
			{[]float64{0x1p-1060, 0x1p-1060, 0x1p-1060, 0x1p-1060}, 0x1p-1059},
			{[]float64{3e-320, 4e-320}, 5e-320},
			{[]float64{math.Inf(-1), 1, 2}, math.Inf(1)},
			{[]float64{1, math.NaN(), math.Inf(1)}, math.NaN()},
			{[]float64{0, 0, 0}, 0},
		} {
			got := set.F64.Nrm2(len(c.x), c.x, 1)
			if !near(got, c.want, 1e-15*c.want) {
				t.Errorf("%s F64.Nrm2(%v) = %v, want %v", set.ISA, c.x, got, c.want)
			}
		}
	}
}

// refIamax is reference BLAS's loop.
func refIamax[T kernels.Float](x []T, n, inc int) int {
	if n == 0 {
		return -1
	}
	best, at := math.Abs(float64(x[0])), 0
	for i := 1; i < n; i++ {
		if a := math.Abs(float64(x[i*inc])); a > best {
			best, at = a, i
		}
	}
	return at
}

// refArgmax is the first largest element's index, or the first NaN's.
func refArgmax[T kernels.Float](x []T) int {
	at := -1
	for i, v := range x {
		if v != v {
			return i
		}
		if at < 0 || v > x[at] {
			at = i
		}
	}
	return at
}

func TestIamaxArgmax(t *testing.T) {
	for _, set := range allSets(t) {
		indexSearch[float32](t, set)
		indexSearch[float64](t, set)
	}
}

func indexSearch[T kernels.Float](t *testing.T, set *kernels.Set) {
	v := vecOf[T](set)
	r := rand.New(rand.NewPCG(7, 8))
	// Sizes around the search blocks and sub-blocks.
	ns := []int{0, 1, 2, 5, 127, 128, 129, 4095, 4096, 4097, 8192 + 130, 3*4096 + 7}
	for _, n := range ns {
		for _, inc := range []int{1, 2} {
			for trial := range 12 {
				x := make([]T, span(n, inc))
				for i := range x {
					x[i] = T(math.Round(200*r.Float64()) - 100) // many ties
				}
				if n > 0 {
					switch trial % 4 {
					case 1: // the largest magnitude twice, late
						p := r.IntN(n)
						x[p*inc] = 1000
						x[(p+r.IntN(n-p))*inc] = -1000
					case 2: // NaNs, not first
						for range 3 {
							x[r.IntN(n)*inc] = T(math.NaN())
						}
						if n > 1 && x[0] != x[0] {
							x[0] = 1
						}
					case 3: // a NaN first
						x[0] = T(math.NaN())
					}
				}
				if got, want := v.Iamax(n, x, inc), refIamax(x, n, inc); got != want {
					t.Fatalf("%s Iamax n=%d inc=%d trial %d: %d, want %d", set.ISA, n, inc, trial, got, want)
				}
				if inc == 1 {
					if got, want := v.Argmax(x), refArgmax(x); got != want {
						t.Fatalf("%s Argmax n=%d trial %d: %d, want %d", set.ISA, n, trial, got, want)
					}
				}
			}
		}
	}
}
