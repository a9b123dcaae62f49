package bench

import (
	"fmt"
	"math/rand/v2"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
)

// GemmShape is one GEMM benchmark problem:
// C (m×n) = op(A) (m×k) op(B) (k×n) + Beta·C, all row-major.
type GemmShape struct {
	Name           string
	TransA, TransB bool
	M, N, K        int
	Beta           float64
}

// GemmSquares are the sizes of the square problems, for the plot.
var GemmSquares = []int{64, 128, 256, 512, 1024, 2048}

// gemmBeta is C's scale where a problem does not call for another: C is
// read and written, as in every row measured before GemmShape had a Beta.
const gemmBeta = 0.5

// GemmShapes lists every GEMM benchmark: squares, transposes, and shapes
// from deep learning: a 3x3 convolution as im2col GEMM and a 784->256
// Linear layer at batch 64, each in the transposes of its forward pass and
// of its gradients (dW and dX), a thin inner dimension, an outer product,
// and a small problem that accumulates into C (beta = 1), as gradients do.
func GemmShapes() []GemmShape {
	var out []GemmShape
	for _, n := range GemmSquares {
		out = append(out, GemmShape{Name: fmt.Sprintf("square %d", n), M: n, N: n, K: n, Beta: gemmBeta})
	}
	for _, t := range []struct {
		name   string
		ta, tb bool
	}{{"NT", false, true}, {"TN", true, false}, {"TT", true, true}} {
		out = append(out, GemmShape{Name: "square 512 " + t.name, TransA: t.ta, TransB: t.tb, M: 512, N: 512, K: 512, Beta: gemmBeta})
	}
	return append(out,
		// Convolution: Y[64x3136] = W[64x576] X, X the 576x3136 im2col
		// matrix; dW = dY Xᵀ; dX = Wᵀ dY.
		GemmShape{Name: "conv 64x3136x576", M: 64, N: 3136, K: 576, Beta: gemmBeta},
		GemmShape{Name: "conv dW 64x576x3136 NT", TransB: true, M: 64, N: 576, K: 3136, Beta: gemmBeta},
		GemmShape{Name: "conv dX 576x3136x64 TN", TransA: true, M: 576, N: 3136, K: 64, Beta: gemmBeta},
		// Linear, W 256x784: Y[64x256] = X[64x784] Wᵀ; dX = dY W;
		// dW = dYᵀ X.
		GemmShape{Name: "linear fwd 64x256x784 NT", TransB: true, M: 64, N: 256, K: 784, Beta: gemmBeta},
		GemmShape{Name: "linear dX 64x784x256", M: 64, N: 784, K: 256, Beta: gemmBeta},
		GemmShape{Name: "linear dW 256x784x64 TN", TransA: true, M: 256, N: 784, K: 64, Beta: gemmBeta},
		GemmShape{Name: "thin 4096x4096x64", M: 4096, N: 4096, K: 64, Beta: gemmBeta},
		GemmShape{Name: "outer 1024x1024x1", M: 1024, N: 1024, K: 1, Beta: gemmBeta},
		GemmShape{Name: "small 16x16x16", M: 16, N: 16, K: 16, Beta: gemmBeta},
		GemmShape{Name: "square 128 beta=1", M: 128, N: 128, K: 128, Beta: 1},
	)
}

// CaseName is the name of the problem's case in float64 (double) or
// float32: "dgemm square 512 NT".
func (s GemmShape) CaseName(double bool) string {
	if double {
		return "dgemm " + s.Name
	}
	return "sgemm " + s.Name
}

// Flops is the problem's floating-point operation count.
func (s GemmShape) Flops() float64 { return 2 * float64(s.M) * float64(s.N) * float64(s.K) }

func trans(t bool) gblas.Transpose {
	if t {
		return gblas.Trans
	}
	return gblas.NoTrans
}

// Gemm returns the case of shape s in float64 (double) or float32, for
// simdla, gonum's native BLAS and every peer this build loads, with the FMA
// probe of that type on as many goroutines as simdla's calls use now
// (blas.Threads). Threads are set by the caller: blas.SetThreads and, for
// gonum and the peers' defaults, GOMAXPROCS.
func Gemm(s GemmShape, double bool) *Case {
	r := rand.New(rand.NewPCG(uint64(s.M), uint64(s.N*s.K)))
	ra, ca, rb, cb := s.M, s.K, s.K, s.N
	if s.TransA {
		ra, ca = ca, ra
	}
	if s.TransB {
		rb, cb = cb, rb
	}
	c := &Case{Group: "gemm", Name: s.CaseName(double), N: s.M, Flops: s.Flops(), Libs: map[string]func(){}}
	probe := dispatch.F32().Peak
	if double {
		probe = dispatch.F64().Peak
	}
	c.Peak = NewPeakProbe(probe, blas.Threads(), c.Flops)
	ta, tb := trans(s.TransA), trans(s.TransB)
	if double {
		a, b, cm := randomF64(r, ra*ca), randomF64(r, rb*cb), randomF64(r, s.M*s.N)
		for lib, im := range map[string]gblas.Float64Level3{Simdla: blas.Implementation{}, Gonum: gonum.Implementation{}} {
			c.Libs[lib] = func() { im.Dgemm(ta, tb, s.M, s.N, s.K, 1, a, ca, b, cb, s.Beta, cm, s.N) }
		}
		for _, p := range peers {
			c.Libs[p.Name] = func() { p.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, ca, b, cb, s.Beta, cm, s.N) }
		}
	} else {
		beta := float32(s.Beta)
		a, b, cm := randomF32(r, ra*ca), randomF32(r, rb*cb), randomF32(r, s.M*s.N)
		for lib, im := range map[string]gblas.Float32Level3{Simdla: blas.Implementation{}, Gonum: gonum.Implementation{}} {
			c.Libs[lib] = func() { im.Sgemm(ta, tb, s.M, s.N, s.K, 1, a, ca, b, cb, beta, cm, s.N) }
		}
		for _, p := range peers {
			c.Libs[p.Name] = func() { p.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, ca, b, cb, beta, cm, s.N) }
		}
	}
	return c
}

// Peer is a C BLAS loaded for comparison (build tag peers).
type Peer struct {
	Name string
	// About names the library's version and the kernel set it runs, as the
	// library reports them, and any environment variable this process
	// changed for it: "OpenBLAS 0.3.21 (SkylakeX kernels; ...)".
	About      string
	SetThreads func(n int)
	Dgemm      func(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
	Sgemm      func(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	// Float64 is gonum's BLAS with the peer's Level 2 and 3 routines in
	// place of gonum's, for the mat and lapack benchmarks; nil if the peer
	// lacks them.
	Float64 gblas.Float64
}

// peers are the C libraries this build compares with; see peers_cgo.go.
var peers []Peer

// Peers returns the C libraries this build compares with.
func Peers() []Peer { return peers }
