package bench

import (
	"math/rand/v2"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdla/simdla/blas"
)

// Level1Sizes are the vector lengths of the Level-1 benchmarks: in L1
// cache, in L2 cache, and from memory.
var Level1Sizes = []int{1_000, 100_000, 10_000_000}

// Level1 returns the Level-1 cases at length n: every routine of both
// element types for simdla and gonum's native BLAS, and the stream-copy
// baseline.
func Level1(n int) []*Case {
	r := rand.New(rand.NewPCG(uint64(n), 1))
	x, y := randomF64(r, n), randomF64(r, n)
	xs, ys := randomF32(r, n), randomF32(r, n)
	var sink64 float64
	var sink32 float32
	var sinkInt int
	type impl interface {
		gblas.Float64Level1
		gblas.Float32Level1
	}
	libs := map[string]impl{Simdla: blas.Implementation{}, Gonum: gonum.Implementation{}}
	// each builds a case whose call, for every library, is op(impl).
	each := func(name string, size, bytesPerElem, flopsPerElem int, op func(impl)) *Case {
		c := &Case{Group: "level1", Name: name, N: n,
			Bytes: float64(n * size * bytesPerElem), Flops: float64(n * flopsPerElem), Libs: map[string]func(){}}
		for lib, im := range libs {
			c.Libs[lib] = func() { op(im) }
		}
		return c
	}
	const d, s = 8, 4 // element sizes
	rotm := gblas.DrotmParams{Flag: gblas.Rescaling, H: [4]float64{0.6, -0.8, 0.8, 0.6}}
	srotm := gblas.SrotmParams{Flag: gblas.Rescaling, H: [4]float32{0.6, -0.8, 0.8, 0.6}}
	cases := []*Case{
		each("ddot", d, 2, 2, func(im impl) { sink64 += im.Ddot(n, x, 1, y, 1) }),
		each("sdot", s, 2, 2, func(im impl) { sink32 += im.Sdot(n, xs, 1, ys, 1) }),
		each("dsdot", s, 2, 2, func(im impl) { sink64 += im.Dsdot(n, xs, 1, ys, 1) }),
		each("daxpy", d, 3, 2, func(im impl) { im.Daxpy(n, 1e-9, x, 1, y, 1) }),
		each("saxpy", s, 3, 2, func(im impl) { im.Saxpy(n, 1e-6, xs, 1, ys, 1) }),
		each("dscal", d, 2, 1, func(im impl) { im.Dscal(n, 1, x, 1) }),
		each("sscal", s, 2, 1, func(im impl) { im.Sscal(n, 1, xs, 1) }),
		each("sdsdot", s, 2, 2, func(im impl) { sink32 += im.Sdsdot(n, 1, xs, 1, ys, 1) }),
		each("dcopy", d, 2, 0, func(im impl) { im.Dcopy(n, x, 1, y, 1) }),
		each("scopy", s, 2, 0, func(im impl) { im.Scopy(n, xs, 1, ys, 1) }),
		each("dswap", d, 4, 0, func(im impl) { im.Dswap(n, x, 1, y, 1) }),
		each("sswap", s, 4, 0, func(im impl) { im.Sswap(n, xs, 1, ys, 1) }),
		each("dasum", d, 1, 2, func(im impl) { sink64 += im.Dasum(n, x, 1) }),
		each("sasum", s, 1, 2, func(im impl) { sink32 += im.Sasum(n, xs, 1) }),
		each("dnrm2", d, 1, 2, func(im impl) { sink64 += im.Dnrm2(n, x, 1) }),
		each("snrm2", s, 1, 2, func(im impl) { sink32 += im.Snrm2(n, xs, 1) }),
		each("idamax", d, 1, 0, func(im impl) { sinkInt += im.Idamax(n, x, 1) }),
		each("isamax", s, 1, 0, func(im impl) { sinkInt += im.Isamax(n, xs, 1) }),
		each("drot", d, 4, 6, func(im impl) { im.Drot(n, x, 1, y, 1, 0.6, 0.8) }),
		each("srot", s, 4, 6, func(im impl) { im.Srot(n, xs, 1, ys, 1, 0.6, 0.8) }),
		each("drotm", d, 4, 6, func(im impl) { im.Drotm(n, x, 1, y, 1, rotm) }),
		each("srotm", s, 4, 6, func(im impl) { im.Srotm(n, xs, 1, ys, 1, srotm) }),
		each("ddot/inc=2", d, 2, 2, func(im impl) { sink64 += im.Ddot(n/2, x, 2, y, 2) }),
	}
	cases[len(cases)-1].Bytes /= 2 // half the elements, but whole cache lines move
	stream := &Case{Group: "level1", Name: "stream-copy", N: n, Bytes: float64(2 * d * n),
		Libs: map[string]func(){Stream: func() { copy(y, x) }}}
	return append(cases, stream)
}
