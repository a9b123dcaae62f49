package conv

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTransposedMatchesReference checks the transposed convolution against
// the input gradient's definition, for every output padding its shape
// allows, and its gradients against the convolution's.
func TestTransposedMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 150 {
		s := randomShape(r).withDefaults()
		p, q := s.Out()
		ts := TransposedShape{N: s.N, C: s.K, H: p, W: q, K: s.C, Groups: s.Groups, Window: s.Window}
		// The output padding that gives back s's input size.
		rows, cols := s.extent()
		ts.OutPadH = s.H - ((p-1)*s.StrideH - s.PadTop - s.PadBottom + rows)
		ts.OutPadW = s.W - ((q-1)*s.StrideW - s.PadLeft - s.PadRight + cols)
		if ts.OutPadH >= max(s.StrideH, s.DilationH) || ts.OutPadW >= max(s.StrideW, s.DilationW) {
			continue // sizes no output padding reaches
		}
		tp := NewTransposed[float64](ts)
		gp, gq := tp.Out()
		require.Equal(t, [2]int{s.H, s.W}, [2]int{gp, gq}, "trial %d %+v", trial, ts)
		x, w, bias := random[float64](r, tp.InputLen()), random[float64](r, tp.FilterLen()), random[float64](r, ts.K)
		y := random[float64](r, tp.OutputLen())
		tp.Forward(y, x, w, bias)
		want := referenceData(s, x, w)
		for i := range want {
			want[i] += bias[i/(s.H*s.W)%s.C]
		}
		require.NoError(t, compare(y, want, s.K*s.R*s.S, "y"), "trial %d %+v", trial, ts)

		dy := random[float64](r, tp.OutputLen())
		dx, dw, db := make([]float64, len(x)), make([]float64, len(w)), make([]float64, ts.K)
		tp.BackwardData(dx, dy, w)
		require.NoError(t, compare(dx, referenceForward(s, dy, w), s.C*s.R*s.S, "dx"), "trial %d %+v", trial, ts)
		tp.BackwardFilter(dw, dy, x)
		require.NoError(t, compare(dw, referenceFilter(s, x, dy), s.N*p*q, "dw"), "trial %d %+v", trial, ts)
		tp.BackwardBias(db, dy)
		sums := make([]float64, ts.K)
		for i, v := range dy {
			sums[i/(s.H*s.W)%s.C] += v
		}
		require.NoError(t, compare(db, sums, s.N*s.H*s.W, "db"), "trial %d %+v", trial, ts)
	}
}
