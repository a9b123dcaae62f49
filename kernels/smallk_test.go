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

// TestGemmSmallK checks every table's SmallK, the generic one's included,
// bit for bit against its own micro-kernel (FullWidth[1] over panels of B
// padded with zeros, C through a temporary tile), as its contract says:
// rows 0 to 9, n across every tail, k from 1 to 9, A in either layout,
// padded strides, the special values of alpha and beta (NaN in C where beta
// is zero, which must not be read), and A, B and C against guard pages.
func TestGemmSmallK(t *testing.T) {
	for _, isa := range dispatch.Available() {
		set, _ := kernels.For(isa)
		t.Run(isa.String(), func(t *testing.T) {
			smallKCases(t, &set.F32.Gemm)
			smallKCases(t, &set.F64.Gemm)
		})
	}
}

func smallKCases[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	arenas := [3]*guard.Arena{guard.New(1 << 16), guard.New(1 << 16), guard.New(1 << 17)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	r := rand.New(rand.NewPCG(5, uint64(g.NR)))
	for _, rows := range []int{0, 1, 2, 3, 9} {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200} {
			for k := 1; k <= 9; k++ {
				ab := [][2]float64{{1, 0}, {1, 1}, {-0.5, 2}, {2, math.Copysign(0, -1)}, {0.5, 0.5}}[(rows+n+k)%5]
				alpha, beta := T(ab[0]), T(ab[1])
				pad := (n + k) % 3
				rsa, csa := k+pad, 1
				if (rows+k)%2 == 1 {
					rsa, csa = 1, rows+pad
				}
				ldb, ldc := n+pad, n+2*pad
				a := fill[T](r, max(rows-1, 0)*rsa+(k-1)*csa+1)
				b := fill[T](r, (k-1)*ldb+n)
				c := fill[T](r, max(rows-1, 0)*ldc+n)
				if beta == 0 {
					for i := range c {
						c[i] = T(math.NaN())
					}
				}
				want := append([]T(nil), c...)
				viaMicroKernel(g, rows, n, k, alpha, a, rsa, csa, b, ldb, beta, want, ldc)
				for _, back := range []bool{false, true} {
					ga := guard.Place[T](arenas[0], len(a), 0, back)
					gb := guard.Place[T](arenas[1], len(b), 0, back)
					gc := guard.Place[T](arenas[2], len(c), 0, back)
					copy(ga, a)
					copy(gb, b)
					copy(gc, c)
					g.SmallK(rows, n, k, alpha, ptr(ga), rsa, csa, ptr(gb), ldb, beta, ptr(gc), ldc)
					where := fmt.Sprintf("%T rows=%d n=%d k=%d alpha=%v beta=%v back=%v", alpha, rows, n, k, alpha, beta, back)
					for i := range gc {
						if math.Float64bits(float64(gc[i])) != math.Float64bits(float64(want[i])) && !(gc[i] != gc[i] && want[i] != want[i]) {
							t.Fatalf("%s: c[%d] = %v, the micro-kernel gives %v", where, i, gc[i], want[i])
						}
					}
					for _, ar := range []struct {
						arena *guard.Arena
						s     []T
					}{{arenas[0], ga}, {arenas[1], gb}, {arenas[2], gc}} {
						if !guard.Untouched(ar.arena, ar.s) {
							t.Fatalf("%s: wrote outside a slice", where)
						}
					}
				}
			}
		}
	}
}

// viaMicroKernel computes what SmallK must with g's one-row micro-kernel,
// a column of rows tiles, over panels of B NR wide.
func viaMicroKernel[T kernels.Float](g *kernels.Gemm[T], rows, n, k int, alpha T, a []T, rsa, csa int, b []T, ldb int, beta T, c []T, ldc int) {
	if rows == 0 || n == 0 {
		return
	}
	nr := g.NR
	panel, tile := make([]T, k*nr), make([]T, rows*nr)
	for j := 0; j < n; j += nr {
		w := min(nr, n-j)
		clear(panel)
		for p := range k {
			copy(panel[p*nr:p*nr+w], b[p*ldb+j:][:w])
		}
		for i := range rows {
			copy(tile[i*nr:i*nr+w], c[i*ldc+j:][:w])
		}
		g.FullWidth[1](rows, k, alpha, &a[0], rsa, csa, rsa, &panel[0], nr, beta, &tile[0], nr, 0, 0)
		for i := range rows {
			copy(c[i*ldc+j:][:w], tile[i*nr:i*nr+w])
		}
	}
}
