package conv

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/kernels"
	"github.com/stretchr/testify/require"
)

func TestForwardMatchesReference(t *testing.T) {
	paths := savePaths()
	defer paths.set(0)
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		// A third of the trials run every shape they can on the phases,
		// a third as direct convolutions.
		paths.set(trial % 3)
		s := randomShape(r)
		for _, set := range sets() {
			require.NoError(t, forwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, forwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, backwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, backwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
		}
	}
}

// forwardPaths is the thresholds that choose the forward pass's path.
type forwardPaths struct {
	phasedWaste, maxDirectWaste float64
	maxDirectRows               int
}

// savePaths returns the thresholds as they are.
func savePaths() forwardPaths { return forwardPaths{phasedWaste, maxDirectWaste, maxDirectRows} }

// set sets the thresholds to p's (mode 0), or runs every shape it can on
// the phases (mode 1) or as a direct convolution (mode 2).
func (p forwardPaths) set(mode int) {
	phasedWaste, maxDirectWaste, maxDirectRows = p.phasedWaste, p.maxDirectWaste, p.maxDirectRows
	switch mode {
	case 1:
		phasedWaste = math.Inf(1)
	case 2:
		phasedWaste, maxDirectRows, maxDirectWaste = -1, math.MaxInt, math.Inf(1)
	}
}

func forwardCase[T Float](r *rand.Rand, s Shape, set *kernels.Set) error {
	pl := newPlan[T](s.withDefaults(), set)
	x, w := random[T](r, s.InputLen()), random[T](r, s.FilterLen())
	y := random[T](r, pl.outputLen())
	want := referenceForward(s, widen(x), widen(w))
	var ep *fused.Epilogue[T]
	if r.IntN(2) == 0 {
		// Bias, residual and a leaky ReLU, by their definitions.
		ep = &fused.Epilogue[T]{Bias: random[T](r, s.K), Residual: random[T](r, len(y)), Act: fused.LeakyReLU, Slope: 0.25}
		for i := range want {
			v := want[i] + float64(ep.Bias[i/(pl.p*pl.q)%s.K]) + float64(ep.Residual[i])
			if v < 0 {
				v *= 0.25
			}
			want[i] = v
		}
	}
	pl.Forward(y, x, w, ep)
	return compare(y, want, pl.crs, "y")
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

// TestPhasesMatchReference runs every shape that is neither pointwise nor
// depthwise on the phases, however many columns that wastes, against the
// definitions: the forward pass, the filter gradient and the input
// gradient (its convolution, at stride 1, whatever the channels).
func TestPhasesMatchReference(t *testing.T) {
	defer func(w float64, rows int) { phasedWaste, minDataRows = w, rows }(phasedWaste, minDataRows)
	phasedWaste, minDataRows = math.Inf(1), 1
	r := rand.New(rand.NewPCG(15, 16))
	ran := 0
	for trial := 0; ran < 150; trial++ {
		s := randomShape(r)
		if trial%2 == 0 {
			s.StrideH, s.StrideW = 1, 1
		}
		if pl := NewPlan[float32](s); pl.phases == nil {
			require.True(t, pl.pointwise || pl.stencilFilter, "%+v does not run on the phases", s)
			continue
		}
		ran++
		for _, set := range sets() {
			require.NoError(t, forwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, forwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, backwardCase[float32](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
			require.NoError(t, backwardCase[float64](r, s, set), "trial %d %+v on %s", trial, s, set.ISA)
		}
	}
}
