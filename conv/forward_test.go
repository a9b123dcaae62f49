package conv

import (
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/kernels"
	"github.com/stretchr/testify/require"
)

func TestForwardMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		s := randomShape(r)
		for _, set := range sets() {
			require.NoError(t, forwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, forwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
		}
	}
}

func forwardCase[T Float](r *rand.Rand, s Shape, set *kernels.Set) error {
	pl := newPlan[T](s.withDefaults(), set)
	x, w := random[T](r, s.InputLen()), random[T](r, s.FilterLen())
	y := random[T](r, pl.outputLen())
	pl.Forward(y, x, w, nil)
	return compare(y, referenceForward(s, widen(x), widen(w)), pl.crs, "y")
}

// FuzzPasses draws shapes from the fuzzer's numbers and checks the forward
// pass and both gradients against their definitions, in float64.
func FuzzPasses(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(77), uint64(1<<40+3))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		r := rand.New(rand.NewPCG(a, b))
		s := randomShape(r)
		require.NoError(t, forwardCase[float64](r, s, sets()[len(sets())-1]), "%+v", s)
		require.NoError(t, backwardCase[float64](r, s, sets()[len(sets())-1]), "%+v", s)
	})
}
