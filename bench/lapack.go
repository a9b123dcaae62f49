package bench

import (
	"math/rand/v2"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	glapack "gonum.org/v1/gonum/lapack"
	lgonum "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/lapack"
)

// SimdlaBlasOnly names simdla's BLAS under gonum's own LAPACK in the lapack
// group; Simdla there is simdla's BLAS and LAPACK.
const SimdlaBlasOnly = "simdla-blas"

// LapackSizes are the matrix orders of the mat and lapack benchmarks.
var LapackSizes = []int{500, 1000, 2000}

// Lapack returns gonum's mat, lapack and stat operations on n×n matrices,
// each run with gonum's BLAS set (blas64.Use) to simdla's, to gonum's
// native one, and to each peer's that this build loads: the speed a user
// gets from one line. Simdla also sets gonum's LAPACK (lapack64.Use) to
// simdla's, as the lapack/register package does; SimdlaBlasOnly and the
// others run gonum's LAPACK. The decompositions whose work depends on the
// data (SVD, eigenvalues) have Flops 0. The cases share their matrices,
// made by the first call of any of them, so that listing them costs
// nothing.
func Lapack(n int) []*Case {
	var m *lapackData
	ops := []struct {
		name  string
		flops float64
		run   func(m *lapackData)
	}{
		{"Dense.Mul", 2 * cube(n), func(m *lapackData) { m.c.Mul(m.a, m.b) }},
		{"Dense.Solve (LU)", 2.0 / 3 * cube(n), func(m *lapackData) { must(m.x.Solve(m.a, m.rhs)) }},
		{"Cholesky", 1.0 / 3 * cube(n), func(m *lapackData) { m.chol.Factorize(m.spd) }},
		{"QR", 4.0 / 3 * cube(n), func(m *lapackData) { m.qr.Factorize(m.a) }},
		{"SVD (thin, with vectors)", 0, func(m *lapackData) { m.svd.Factorize(m.a, mat.SVDThin) }},
		{"EigenSym (with vectors)", 0, func(m *lapackData) { m.eig.Factorize(m.spd, true) }},
		{"stat.PC (PCA)", 0, func(m *lapackData) { m.pc.PrincipalComponents(m.a, nil) }},
	}
	type setup struct {
		blas   gblas.Float64
		lapack glapack.Float64
	}
	impls := map[string]setup{
		Simdla:         {blas.Implementation{}, lapack.Implementation{}},
		SimdlaBlasOnly: {blas.Implementation{}, lgonum.Implementation{}},
		Gonum:          {gonum.Implementation{}, lgonum.Implementation{}},
	}
	for _, p := range peers {
		if p.Float64 != nil {
			impls[p.Name] = setup{p.Float64, lgonum.Implementation{}}
		}
	}
	var cases []*Case
	for _, op := range ops {
		libs := map[string]func(){}
		for name, impl := range impls {
			libs[name] = func() {
				if m == nil {
					m = newLapackData(n)
				}
				blas64.Use(impl.blas)
				lapack64.Use(impl.lapack)
				defer func() {
					blas64.Use(blas.Implementation{})
					lapack64.Use(lgonum.Implementation{})
				}()
				op.run(m)
			}
		}
		cases = append(cases, &Case{Group: "lapack", Name: op.name, N: n, Flops: op.flops, Libs: libs})
	}
	return cases
}

// lapackData holds the operands and results of the lapack group's
// operations at one order.
type lapackData struct {
	a, b, rhs *mat.Dense
	spd       *mat.SymDense // AᵀA + n·I, symmetric positive definite
	c, x      mat.Dense
	chol      mat.Cholesky
	qr        mat.QR
	svd       mat.SVD
	eig       mat.EigenSym
	pc        stat.PC
}

func newLapackData(n int) *lapackData {
	r := rand.New(rand.NewPCG(uint64(n), 3))
	m := &lapackData{a: randomDense(r, n, n), b: randomDense(r, n, n), rhs: randomDense(r, n, 1), spd: new(mat.SymDense)}
	m.spd.SymOuterK(1, m.a.T())
	for i := range n {
		m.spd.SetSym(i, i, m.spd.At(i, i)+float64(n))
	}
	return m
}

func cube(n int) float64 { return float64(n) * float64(n) * float64(n) }

func randomDense(r *rand.Rand, rows, cols int) *mat.Dense {
	return mat.NewDense(rows, cols, randomF64(r, rows*cols))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
