package conv

import (
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/kernels"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackwardMatchesReference(t *testing.T) {
	defer func(n int) { maxWholeColumns = n }(maxWholeColumns)
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		// Half the trials fill no im2col matrix whole (im2colT).
		maxWholeColumns = []int{1 << 20, 0}[trial%2]
		s := randomShape(r)
		for _, set := range sets() {
			require.NoError(t, backwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, backwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
		}
	}
}

func backwardCase[T Float](r *rand.Rand, s Shape, set *kernels.Set) error {
	pl := newPlan[T](s.withDefaults(), set)
	x, w, dy := random[T](r, s.InputLen()), random[T](r, s.FilterLen()), random[T](r, pl.outputLen())
	dx, dw := random[T](r, len(x)), random[T](r, len(w))
	pl.BackwardData(dx, dy, w)
	if err := compare(dx, referenceData(s, widen(dy), widen(w)), pl.kg*s.R*s.S, "dx"); err != nil {
		return err
	}
	pl.BackwardFilter(dw, dy, x)
	if err := compare(dw, referenceFilter(s, widen(dy), widen(x)), s.N*pl.p*pl.q, "dw"); err != nil {
		return err
	}
	db := random[T](r, s.K)
	pl.BackwardBias(db, dy)
	want := make([]float64, s.K)
	for i, v := range dy {
		want[i/(pl.p*pl.q)%s.K] += float64(v)
	}
	return compare(db, want, s.N*pl.p*pl.q, "db")
}

// TestGradientsByFiniteDifferences checks each backward pass against the
// change of a loss, L = sum of dy*y, when one input, filter or bias
// element moves by ±h: the gradients of the forward pass as it runs, bias
// and all.
func TestGradientsByFiniteDifferences(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 40 {
		s := randomShape(r)
		pl := NewPlan[float64](s)
		x, w, dy := random[float64](r, s.InputLen()), random[float64](r, s.FilterLen()), random[float64](r, pl.outputLen())
		bias := random[float64](r, s.K)
		y := make([]float64, len(dy))
		loss := func() float64 {
			pl.Forward(y, x, w, &fused.Epilogue[float64]{Bias: bias})
			var l float64
			for i := range y {
				l += y[i] * dy[i]
			}
			return l
		}
		dx, dw, db := make([]float64, len(x)), make([]float64, len(w)), make([]float64, s.K)
		pl.BackwardData(dx, dy, w)
		pl.BackwardFilter(dw, dy, x)
		pl.BackwardBias(db, dy)
		for _, v := range []struct {
			name     string
			param    []float64
			gradient []float64
		}{{"x", x, dx}, {"w", w, dw}, {"bias", bias, db}} {
			for range 3 {
				i := r.IntN(len(v.param))
				const h = 1e-3
				keep := v.param[i]
				v.param[i] = keep + h
				up := loss()
				v.param[i] = keep - h
				down := loss()
				v.param[i] = keep
				assert.InDelta(t, (up-down)/(2*h), v.gradient[i], 1e-8, "trial %d %+v: d loss / d %s[%d]", trial, s, v.name, i)
			}
		}
	}
}
