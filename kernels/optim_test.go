package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// mapCase is a kernel under test that maps slices elementwise, bit for bit
// as its definition: its scalars and its slices, in the order of the
// kernel's parameters (for an optimizer update w, g and the state), and
// whether its inputs hold special values (NaN, infinities, zeros of both
// signs and subnormals) among the random ones.
type mapCase[T kernels.Float] struct {
	name     string
	scalars  int
	slices   int
	specials bool
	run      func(k *kernels.Vec[T], s []T, x [][]T)
}

func optimCases[T kernels.Float]() []mapCase[T] {
	return []mapCase[T]{
		{"MomentumUpdate", 3, 3, false, func(k *kernels.Vec[T], s []T, x [][]T) { k.MomentumUpdate(s[0], s[1], s[2], x[0], x[1], x[2]) }},
		{"NesterovUpdate", 3, 3, false, func(k *kernels.Vec[T], s []T, x [][]T) { k.NesterovUpdate(s[0], s[1], s[2], x[0], x[1], x[2]) }},
		{"AdamUpdate", 9, 4, false, func(k *kernels.Vec[T], s []T, x [][]T) {
			k.AdamUpdate(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], x[0], x[1], x[2], x[3])
		}},
	}
}

// TestOptimizerUpdates checks MomentumUpdate, NesterovUpdate and AdamUpdate
// on every ISA against their definitions, bit for bit as their contract
// says: every n in 0..300 and some larger, each slice against a guard page
// (the front one or the back one, alternately), at every placement. Adam's
// v, a mean of squares, is drawn from [0, 1) with some zeros.
func TestOptimizerUpdates(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			mapsMatchDefinitions(t, set, optimCases[float32]())
			mapsMatchDefinitions(t, set, optimCases[float64]())
		})
	}
}

// TestReluGrad checks ReluGrad on every ISA against its definition, as
// TestOptimizerUpdates does the updates, with special values in x and dy.
func TestReluGrad(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			mapsMatchDefinitions(t, set, reluGradCase[float32]())
			mapsMatchDefinitions(t, set, reluGradCase[float64]())
		})
	}
}

func reluGradCase[T kernels.Float]() []mapCase[T] {
	return []mapCase[T]{{"ReluGrad", 0, 3, true, func(k *kernels.Vec[T], _ []T, x [][]T) { k.ReluGrad(x[0], x[1], x[2]) }}}
}

// mapsMatchDefinitions runs each of cases on set and on the generic table
// and wants the same bits: every n in 0..300 and some larger, each slice
// against a guard page (the front one or the back one, alternately), at
// every placement.
func mapsMatchDefinitions[T kernels.Float](t *testing.T, set *kernels.Set, cases []mapCase[T]) {
	generic, _ := kernels.For(kernels.Generic)
	arenas := make([]*guard.Arena, 4)
	for i := range arenas {
		arenas[i] = guard.New(arenaBytes)
		defer arenas[i].Free()
	}
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), float64(math.SmallestNonzeroFloat32), -float64(math.SmallestNonzeroFloat32)}
	for _, c := range cases {
		r := rand.New(rand.NewPCG(17, uint64(len(c.name))))
		for _, n := range sizes(r) {
			for _, p := range placements {
				s := make([]T, c.scalars)
				for i := range s {
					s[i] = T(r.Float64())
				}
				in := make([][]T, c.slices)
				for i := range in {
					in[i] = fill[T](r, n)
					for j := 0; c.specials && j < n; j += 1 + r.IntN(4) {
						in[i][j] = T(specials[r.IntN(len(specials))])
					}
				}
				if c.slices == 4 {
					for i := range in[3] {
						in[3][i] = T(math.Abs(float64(in[3][i])) * float64(i%7))
					}
				}
				want := make([][]T, c.slices)
				have := make([][]T, c.slices)
				for i := range in {
					want[i] = append([]T(nil), in[i]...)
					have[i] = guard.Place[T](arenas[i], n, p.off, p.fromBack != (i%2 == 1))
					copy(have[i], in[i])
				}
				c.run(vecOf[T](generic), s, want)
				c.run(vecOf[T](set), s, have)
				where := fmt.Sprintf("%s %T %s n=%d %s", set.ISA, s, c.name, n, p.name)
				for i := range want {
					for j := range want[i] {
						if !sameBits(have[i][j], want[i][j]) {
							t.Fatalf("%s: slice %d [%d] = %v, want %v", where, i, j, have[i][j], want[i][j])
						}
					}
					if !guard.Untouched(arenas[i], have[i]) {
						t.Fatalf("%s: wrote outside slice %d", where, i)
					}
				}
			}
		}
	}
}

// TestOptimizerUpdatesRoundEachOperation checks the contract's rounding on
// every table this machine runs, the generic one included: with
// w = wd = 1+h, where h² is below half a unit in the last place of 1, and
// g = -1, d = g + wd*w is 2h when the product is rounded first, but
// 2h + h² when a fused multiply-add computes it. With mu = 0, v is d;
// with b1 = 0 and a1 = 1, m is d.
func TestOptimizerUpdatesRoundEachOperation(t *testing.T) {
	for _, isa := range dispatch.Available() {
		set, _ := kernels.For(isa)
		t.Run(isa.String(), func(t *testing.T) {
			roundEachOperation[float32](t, set, 0x1p-13)
			roundEachOperation[float64](t, set, 0x1p-28)
		})
	}
}

func roundEachOperation[T kernels.Float](t *testing.T, set *kernels.Set, h T) {
	const n = 37 // whole vectors and a tail on every ISA
	for _, c := range optimCases[T]() {
		s := make([]T, c.scalars)
		x := make([][]T, c.slices)
		for i := range x {
			x[i] = make([]T, n)
		}
		for j := range n {
			x[0][j], x[1][j] = 1+h, -1
		}
		if c.slices == 4 {
			s[0], s[1], s[3], s[6], s[7] = 1+h, 1, 1, 1, 1 // wd, decay, a1, s2, eps; b1 = 0
		} else {
			s[2] = 1 + h // wd; lr = mu = 0
		}
		c.run(vecOf[T](set), s, x)
		for j := range n {
			if got := x[2][j]; got != 2*h {
				t.Fatalf("%s %T %s: d[%d] = %v, want %v: g + wd*w was fused", set.ISA, h, c.name, j, got, 2*h)
			}
		}
	}
}
