package conv

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/gemm"
	"github.com/simdla/simdla/kernels"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackwardMatchesReference(t *testing.T) {
	defer func(n int, w float64) { maxWholeColumns, phasedWaste = n, w }(maxWholeColumns, phasedWaste)
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		// Half the trials fill no im2col matrix whole (im2colT), and one
		// in four runs every shape it can on the phases.
		maxWholeColumns = []int{1 << 20, 0}[trial%2]
		phasedWaste = []float64{1.0 / 5, 1.0 / 5, 1.0 / 5, math.Inf(1)}[trial%4]
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

// TestWideDataIsCol2im checks that the input gradient at unit strides
// (wideData) gives col2im's results bit for bit: the same terms, added in
// the same order.
func TestWideDataIsCol2im(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for ran := 0; ran < 40; {
		s := randomShape(r)
		s.StrideH, s.StrideW = 1, 1
		pl := NewPlan[float32](s)
		if pl.stencil || pl.pointwise || pl.dataPlan() != nil {
			continue
		}
		ran++
		s = pl.Shape()
		w, dy := random[float32](r, s.FilterLen()), random[float32](r, pl.outputLen())
		dx := make([]float32, s.InputLen())
		pl.BackwardData(dx, dy, w)
		pq, hw := pl.p*pl.q, s.H*s.W
		want := make([]float32, len(dx))
		col := make([]float32, pl.crs*pq)
		for n := range s.N {
			for g := range s.Groups {
				gemm.Run(pl.gemm(), gemm.Problem[float32]{TransA: true, M: pl.crs, N: pq, K: pl.kg, Alpha: 1,
					A: w[g*pl.kg*pl.crs:], Lda: pl.crs, B: dy[(n*s.K+g*pl.kg)*pq:], Ldb: pq, C: col, Ldc: pq})
				col2im(pl.vec(), pl.taps, col, want[(n*s.C+g*pl.cg)*hw:(n*s.C+(g+1)*pl.cg)*hw])
			}
		}
		for i := range want {
			require.Equal(t, math.Float32bits(want[i]), math.Float32bits(dx[i]), "%+v: dx[%d] = %v, col2im %v", s, i, dx[i], want[i])
		}
	}
}
