package blas_test

import (
	"testing"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdla/simdla/internal/guard"
)

// level3Args are the arguments of any Level 3 routine but GEMM; la, lb and
// lc are the slice lengths.
type level3Args struct {
	s                gblas.Side
	ul               gblas.Uplo
	tA               gblas.Transpose
	d                gblas.Diag
	m, n, k          int
	lda, ldb, ldc    int
	la, lb, lc       int
	alphaZero, betaO bool
}

// level3Calls returns the Level 3 routines of impl, both types, as calls
// on args whose slices come from mk.
func level3Calls(impl interface {
	gblas.Float64
	gblas.Float32
}, mk func(which, n int) ([]float64, []float32)) map[string]func(level3Args) {
	operands := func(p level3Args) (ad, bd, cd []float64, as, bs, cs []float32, alpha, beta float64) {
		ad, as = mk(0, p.la)
		bd, bs = mk(1, p.lb)
		cd, cs = mk(2, p.lc)
		alpha, beta = 0.5, 0.25
		if p.alphaZero {
			alpha = 0
		}
		if p.betaO {
			beta = 1
		}
		return
	}
	return map[string]func(level3Args){
		"trsm": func(p level3Args) {
			ad, bd, _, as, bs, _, alpha, _ := operands(p)
			impl.Dtrsm(p.s, p.ul, p.tA, p.d, p.m, p.n, alpha, ad, p.lda, bd, p.ldb)
			impl.Strsm(p.s, p.ul, p.tA, p.d, p.m, p.n, float32(alpha), as, p.lda, bs, p.ldb)
		},
		"trmm": func(p level3Args) {
			ad, bd, _, as, bs, _, alpha, _ := operands(p)
			impl.Dtrmm(p.s, p.ul, p.tA, p.d, p.m, p.n, alpha, ad, p.lda, bd, p.ldb)
			impl.Strmm(p.s, p.ul, p.tA, p.d, p.m, p.n, float32(alpha), as, p.lda, bs, p.ldb)
		},
		"symm": func(p level3Args) {
			ad, bd, cd, as, bs, cs, alpha, beta := operands(p)
			impl.Dsymm(p.s, p.ul, p.m, p.n, alpha, ad, p.lda, bd, p.ldb, beta, cd, p.ldc)
			impl.Ssymm(p.s, p.ul, p.m, p.n, float32(alpha), as, p.lda, bs, p.ldb, float32(beta), cs, p.ldc)
		},
		"syrk": func(p level3Args) {
			ad, _, cd, as, _, cs, alpha, beta := operands(p)
			impl.Dsyrk(p.ul, p.tA, p.n, p.k, alpha, ad, p.lda, beta, cd, p.ldc)
			impl.Ssyrk(p.ul, p.tA, p.n, p.k, float32(alpha), as, p.lda, float32(beta), cs, p.ldc)
		},
		"syr2k": func(p level3Args) {
			ad, bd, cd, as, bs, cs, alpha, beta := operands(p)
			impl.Dsyr2k(p.ul, p.tA, p.n, p.k, alpha, ad, p.lda, bd, p.ldb, beta, cd, p.ldc)
			impl.Ssyr2k(p.ul, p.tA, p.n, p.k, float32(alpha), as, p.lda, bs, p.ldb, float32(beta), cs, p.ldc)
		},
	}
}

// TestLevel3ArgumentChecks makes every call with one or two bad arguments
// and checks that it panics exactly as gonum's does.
func TestLevel3ArgumentChecks(t *testing.T) {
	base := level3Args{s: gblas.Left, ul: gblas.Upper, tA: gblas.NoTrans, d: gblas.NonUnit,
		m: 3, n: 3, k: 3, lda: 3, ldb: 3, ldc: 3, la: 20, lb: 20, lc: 20}
	bad := []func(*level3Args){
		func(p *level3Args) { p.s = 'X' },
		func(p *level3Args) { p.ul = 'X' },
		func(p *level3Args) { p.tA = 'X' },
		func(p *level3Args) { p.d = 'X' },
		func(p *level3Args) { p.m = -1 },
		func(p *level3Args) { p.n = -1 },
		func(p *level3Args) { p.k = -1 },
		func(p *level3Args) { p.m = 0 },
		func(p *level3Args) { p.n = 0 },
		func(p *level3Args) { p.k = 0 },
		func(p *level3Args) { p.lda = 2 },
		func(p *level3Args) { p.ldb = 2 },
		func(p *level3Args) { p.ldc = 2 },
		func(p *level3Args) { p.la = 8 },
		func(p *level3Args) { p.lb = 8 },
		func(p *level3Args) { p.lc = 8 },
		func(p *level3Args) { p.s, p.m = gblas.Right, 5 },
		func(p *level3Args) { p.tA, p.k = gblas.Trans, 5 },
		func(p *level3Args) { p.alphaZero = true },
		func(p *level3Args) { p.alphaZero, p.betaO = true, true },
	}
	plain3 := func(_, n int) ([]float64, []float32) { return plain(n) }
	panicsAsGonum(t, base, bad, level3Calls(impl, plain3), level3Calls(gonum.Implementation{}, plain3))
}

// TestGuardedLevel3 runs the routines on matrices of exactly the length
// their arguments need, against guard pages on either side, at sizes that
// reach the recursion and its base cases.
func TestGuardedLevel3(t *testing.T) {
	arenas := [3]*guard.Arena{guard.New(1 << 21), guard.New(1 << 21), guard.New(1 << 21)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	for _, m := range []int{1, 33, 100} {
		for _, n := range []int{1, 40, 97} {
			for _, back := range []bool{false, true} {
				calls := level3Calls(impl, func(which, n int) ([]float64, []float32) {
					d, s := guard.Place[float64](arenas[which], n, 0, back), guard.Place[float32](arenas[which], n, 0, !back)
					for i := range d {
						d[i] = 1 + float64(i%3)
					}
					for i := range s {
						s[i] = 1 + float32(i%3)
					}
					return d, s
				})
				for _, s := range sides {
					for _, ul := range uplos {
						for _, tA := range transes {
							k := m
							if s == gblas.Right {
								k = n
							}
							p := level3Args{s: s, ul: ul, tA: tA, d: gblas.Unit, m: m, n: n, lda: k + 1, ldb: n + 2, ldc: n + 2}
							p.la, p.lb, p.lc = (k-1)*p.lda+k, (m-1)*p.ldb+n, (m-1)*p.ldc+n
							calls["trsm"](p)
							calls["trmm"](p)
							calls["symm"](p)
							// Rank-k: C n×n, op(A) n×m.
							rows, cols := n, m
							if tA == gblas.Trans {
								rows, cols = m, n
							}
							p = level3Args{ul: ul, tA: tA, n: n, k: m, lda: cols + 1, ldb: cols + 1, ldc: n + 1}
							p.la, p.lb, p.lc = (rows-1)*p.lda+cols, (rows-1)*p.ldb+cols, (n-1)*p.ldc+n
							calls["syrk"](p)
							calls["syr2k"](p)
						}
					}
				}
			}
		}
	}
}
