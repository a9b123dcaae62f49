package blas_test

import (
	"testing"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdla/simdla/internal/guard"
)

// level2Args are the arguments of any Level 2 routine: each uses those it
// takes. lx, ly and la are the slice lengths.
type level2Args struct {
	ul                    gblas.Uplo
	tA                    gblas.Transpose
	d                     gblas.Diag
	m, n, lda, incX, incY int
	lx, ly, la            int
	alphaZero, betaOne    bool
}

// level2Calls returns every Level 2 routine of impl, both types, as calls
// on args whose slices come from the given arenas (plain slices when nil).
func level2Calls(impl interface {
	gblas.Float64
	gblas.Float32
}, x, y, a func(n int) ([]float64, []float32)) map[string]func(level2Args) {
	return map[string]func(level2Args){
		"gemv": func(p level2Args) {
			xd, xs := x(p.lx)
			yd, ys := y(p.ly)
			ad, as := a(p.la)
			alpha, beta := scalarsOf(p)
			impl.Dgemv(p.tA, p.m, p.n, alpha, ad, p.lda, xd, p.incX, beta, yd, p.incY)
			impl.Sgemv(p.tA, p.m, p.n, float32(alpha), as, p.lda, xs, p.incX, float32(beta), ys, p.incY)
		},
		"ger": func(p level2Args) {
			xd, xs := x(p.lx)
			yd, ys := y(p.ly)
			ad, as := a(p.la)
			alpha, _ := scalarsOf(p)
			impl.Dger(p.m, p.n, alpha, xd, p.incX, yd, p.incY, ad, p.lda)
			impl.Sger(p.m, p.n, float32(alpha), xs, p.incX, ys, p.incY, as, p.lda)
		},
		"symv": func(p level2Args) {
			xd, xs := x(p.lx)
			yd, ys := y(p.ly)
			ad, as := a(p.la)
			alpha, beta := scalarsOf(p)
			impl.Dsymv(p.ul, p.n, alpha, ad, p.lda, xd, p.incX, beta, yd, p.incY)
			impl.Ssymv(p.ul, p.n, float32(alpha), as, p.lda, xs, p.incX, float32(beta), ys, p.incY)
		},
		"syr": func(p level2Args) {
			xd, xs := x(p.lx)
			ad, as := a(p.la)
			alpha, _ := scalarsOf(p)
			impl.Dsyr(p.ul, p.n, alpha, xd, p.incX, ad, p.lda)
			impl.Ssyr(p.ul, p.n, float32(alpha), xs, p.incX, as, p.lda)
		},
		"syr2": func(p level2Args) {
			xd, xs := x(p.lx)
			yd, ys := y(p.ly)
			ad, as := a(p.la)
			alpha, _ := scalarsOf(p)
			impl.Dsyr2(p.ul, p.n, alpha, xd, p.incX, yd, p.incY, ad, p.lda)
			impl.Ssyr2(p.ul, p.n, float32(alpha), xs, p.incX, ys, p.incY, as, p.lda)
		},
		"trmv": func(p level2Args) {
			xd, xs := x(p.lx)
			ad, as := a(p.la)
			impl.Dtrmv(p.ul, p.tA, p.d, p.n, ad, p.lda, xd, p.incX)
			impl.Strmv(p.ul, p.tA, p.d, p.n, as, p.lda, xs, p.incX)
		},
		"trsv": func(p level2Args) {
			xd, xs := x(p.lx)
			ad, as := a(p.la)
			impl.Dtrsv(p.ul, p.tA, p.d, p.n, ad, p.lda, xd, p.incX)
			impl.Strsv(p.ul, p.tA, p.d, p.n, as, p.lda, xs, p.incX)
		},
	}
}

func scalarsOf(p level2Args) (alpha, beta float64) {
	alpha, beta = 0.5, 0.25
	if p.alphaZero {
		alpha = 0
	}
	if p.betaOne {
		beta = 1
	}
	return alpha, beta
}

func plain(n int) ([]float64, []float32) { return make([]float64, n), make([]float32, n) }

// TestLevel2ArgumentChecks makes every Level 2 call with one or two bad
// arguments and checks that it panics as gonum's does: the same message,
// so the same order of checks, and no panic where gonum has none.
func TestLevel2ArgumentChecks(t *testing.T) {
	base := level2Args{ul: gblas.Upper, tA: gblas.NoTrans, d: gblas.NonUnit, m: 3, n: 3, lda: 3, incX: 1, incY: 1, lx: 20, ly: 20, la: 20}
	bad := []func(*level2Args){
		func(p *level2Args) { p.ul = 'X' },
		func(p *level2Args) { p.tA = 'X' },
		func(p *level2Args) { p.d = 'X' },
		func(p *level2Args) { p.m = -1 },
		func(p *level2Args) { p.n = -1 },
		func(p *level2Args) { p.m = 0 },
		func(p *level2Args) { p.n = 0 },
		func(p *level2Args) { p.lda = 2 },
		func(p *level2Args) { p.incX = 0 },
		func(p *level2Args) { p.incY = 0 },
		func(p *level2Args) { p.lx = 2 },
		func(p *level2Args) { p.ly = 2 },
		func(p *level2Args) { p.la = 8 },
		func(p *level2Args) { p.incX, p.lx = -4, 8 },
		func(p *level2Args) { p.incY, p.ly = -4, 8 },
		func(p *level2Args) { p.tA = gblas.Trans; p.m = 5 },
		func(p *level2Args) { p.alphaZero = true },
		func(p *level2Args) { p.alphaZero, p.betaOne = true, true },
	}
	panicsAsGonum(t, base, bad, level2Calls(impl, plain, plain, plain), level2Calls(gonum.Implementation{}, plain, plain, plain))
}

// panicsAsGonum applies every one and every pair of the changes in bad to
// base and checks that each of ours panics as theirs, gonum's, does.
func panicsAsGonum[A any](t *testing.T, base A, bad []func(*A), ours, theirs map[string]func(A)) {
	t.Helper()
	for i := range bad {
		for j := i; j < len(bad); j++ {
			p := base
			bad[i](&p)
			bad[j](&p)
			for name, call := range ours {
				got, want := panicMessage(func() { call(p) }), panicMessage(func() { theirs[name](p) })
				if got != want {
					t.Errorf("%s %+v: panic %q, want gonum's %q", name, p, got, want)
				}
			}
		}
	}
}

// TestGuardedLevel2 runs every Level 2 routine on slices of exactly the
// length its arguments need, against guard pages on either side.
func TestGuardedLevel2(t *testing.T) {
	arenas := [3]*guard.Arena{guard.New(1 << 20), guard.New(1 << 20), guard.New(1 << 22)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	for _, n := range []int{1, 3, 4, 5, 9, 70} {
		for _, inc := range []int{1, 2, -3} {
			for _, back := range []bool{false, true} {
				place := func(a *guard.Arena) func(int) ([]float64, []float32) {
					return func(n int) ([]float64, []float32) {
						d, s := guard.Place[float64](a, n, 0, back), guard.Place[float32](a, n, 0, !back)
						for i := range d {
							d[i] = 1 + float64(i%5)
						}
						for i := range s {
							s[i] = 1 + float32(i%5)
						}
						return d, s
					}
				}
				calls := level2Calls(impl, place(arenas[0]), place(arenas[1]), place(arenas[2]))
				rowsA, colsA := n+2, n
				for _, tA := range []gblas.Transpose{gblas.NoTrans, gblas.Trans} {
					for _, ul := range []gblas.Uplo{gblas.Upper, gblas.Lower} {
						p := level2Args{ul: ul, tA: tA, d: gblas.NonUnit, m: rowsA, n: colsA, lda: colsA + 1, incX: inc, incY: inc}
						p.la = (rowsA-1)*p.lda + colsA
						lenX, lenY := colsA, rowsA
						if tA == gblas.Trans {
							lenX, lenY = lenY, lenX
						}
						p.lx, p.ly = spanOf(lenX, inc), spanOf(lenY, inc)
						calls["gemv"](p)
						p.lx, p.ly = spanOf(rowsA, inc), spanOf(colsA, inc)
						calls["ger"](p)
						// The square routines on an n×n matrix.
						sq := level2Args{ul: ul, tA: tA, d: gblas.NonUnit, n: n, lda: n + 1, incX: inc, incY: inc}
						sq.la, sq.lx, sq.ly = (n-1)*sq.lda+n, spanOf(n, inc), spanOf(n, inc)
						for _, name := range []string{"symv", "syr", "syr2", "trmv", "trsv"} {
							calls[name](sq)
						}
					}
				}
			}
		}
	}
}
