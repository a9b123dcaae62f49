package conv

import (
	"fmt"
	"testing"

	"github.com/simdla/simdla/internal/pool"
)

// protoForward: C^T[o][K] = sum over taps of X_tap^T × W_tap^T, A in place.
func protoForward(pl *Plan[float32], sl *slab[float32], y, x, w []float32, wpk, ct []float32) {
	s, ph := &pl.s, pl.phases
	g := pl.gemm()
	mr, nr := g.MR, g.NR
	K, cg := s.K, pl.cg
	taps := len(ph.tapAt)
	// pack W^T per panel: wpk[jp][tap][c][nr]
	for jp := 0; jp < K/nr; jp++ {
		for t := range taps {
			for c := range cg {
				for j := range nr {
					wpk[((jp*taps+t)*cg+c)*nr+j] = w[(jp*nr+j)*pl.crs+c*taps+t]
				}
			}
		}
	}
	hw, pq := s.H*s.W, pl.p*pl.q
	cols := pl.p * ph.wph
	tilesAll := (cols + mr - 1) / mr
	for n := range s.N {
		pool.Grow(&sl.xp, ph.length+mr)
		pl.splitPhases(sl.xp, x[n*s.C*hw:(n+1)*s.C*hw])
		xp := sl.xp
		const band = 6
		for t0 := 0; t0 < tilesAll; t0 += band {
			nt := min(band, tilesAll-t0)
			o0 := t0 * mr
			for jp := 0; jp < K/nr; jp++ {
				for t := range taps {
					var beta float32
					if t > 0 {
						beta = 1
					}
					g.FullWidth[mr](nt, cg, 1, &xp[ph.tapAt[t]+o0], 1, ph.plane, mr, &wpk[(jp*taps+t)*cg*nr], nr, beta, &ct[o0*K+jp*nr], K, 0, 0)
				}
			}
		}
		yn := y[n*K*pq:]
		for p := range pl.p {
			pl.vec().Transpose(pl.q, K, &ct[p*ph.wph*K], K, &yn[p*pl.q], pq)
		}
	}
}

func BenchmarkProto(b *testing.B) {
	for _, sh := range []Shape{
		{N: 1, C: 64, H: 56, W: 56, K: 64, Window: Square(3, 1, 1)},
		{N: 1, C: 128, H: 28, W: 28, K: 128, Window: Square(3, 1, 1)},
		{N: 1, C: 256, H: 14, W: 14, K: 256, Window: Square(3, 1, 1)},
	} {
		pl := NewPlan[float32](sh)
		x := make([]float32, sh.InputLen())
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		w := make([]float32, sh.FilterLen())
		for i := range w {
			w[i] = float32(i%5) - 2
		}
		p, q := sh.Out()
		y := make([]float32, sh.N*sh.K*p*q)
		y2 := make([]float32, len(y))
		wpk := make([]float32, len(w))
		ct := make([]float32, (p*(q+2)+14)*sh.K)
		sl := &slab[float32]{}
		pl.Forward(y, x, w, nil)
		protoForward(pl, sl, y2, x, w, wpk, ct)
		for i := range y {
			if y[i] != y2[i] {
				b.Fatalf("%v: y[%d] %v != %v", sh.C, i, y2[i], y[i])
			}
		}
		flops := 2 * float64(sh.K*p*q*sh.C*9)
		b.Run(fmt.Sprint("cur", sh.C), func(b *testing.B) {
			for range b.N {
				pl.Forward(y, x, w, nil)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(fmt.Sprint("proto", sh.C), func(b *testing.B) {
			for range b.N {
				protoForward(pl, sl, y2, x, w, wpk, ct)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
