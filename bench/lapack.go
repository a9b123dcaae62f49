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
// others run gonum's LAPACK.
func Lapack(n int) []*Case {
	r := rand.New(rand.NewPCG(uint64(n), 3))
	a, b := randomDense(r, n, n), randomDense(r, n, n)
	rhs := randomDense(r, n, 1)
	// A symmetric positive definite matrix: AᵀA + n·I.
	var spd mat.SymDense
	spd.SymOuterK(1, a.T())
	for i := range n {
		spd.SetSym(i, i, spd.At(i, i)+float64(n))
	}
	var (
		c, x mat.Dense
		chol mat.Cholesky
		qr   mat.QR
		svd  mat.SVD
		eig  mat.EigenSym
		pc   stat.PC
	)
	ops := []struct {
		name  string
		flops float64
		run   func()
	}{
		{"Dense.Mul", 2 * cube(n), func() { c.Mul(a, b) }},
		{"Dense.Solve (LU)", 2.0 / 3 * cube(n), func() { must(x.Solve(a, rhs)) }},
		{"Cholesky", 1.0 / 3 * cube(n), func() { chol.Factorize(&spd) }},
		{"QR", 4.0 / 3 * cube(n), func() { qr.Factorize(a) }},
		{"SVD (thin, with vectors)", 0, func() { svd.Factorize(a, mat.SVDThin) }},
		{"EigenSym (with vectors)", 0, func() { eig.Factorize(&spd, true) }},
		{"stat.PC (PCA)", 0, func() { pc.PrincipalComponents(a, nil) }},
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
				blas64.Use(impl.blas)
				lapack64.Use(impl.lapack)
				defer func() {
					blas64.Use(blas.Implementation{})
					lapack64.Use(lgonum.Implementation{})
				}()
				op.run()
			}
		}
		cases = append(cases, &Case{Group: "lapack", Name: op.name, N: n, Flops: op.flops, Libs: libs})
	}
	return cases
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
