package fused

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// activation64 is each activation's definition in float64.
func activation64(a Activation, slope, x float64) float64 {
	switch a {
	case ReLU:
		return math.Max(x, 0)
	case ReLU6:
		return math.Min(math.Max(x, 0), 6)
	case LeakyReLU:
		if x < 0 {
			return slope * x
		}
	case Sigmoid:
		return 1 / (1 + math.Exp(-x))
	case Tanh:
		return math.Tanh(x)
	case GELU:
		if math.IsInf(x, -1) {
			return 0
		}
		return x * 0.5 * math.Erfc(-x/math.Sqrt2)
	}
	return x
}

func TestGemmEpilogue(t *testing.T) {
	gemmEpilogue[float32](t, 1e-5)
	gemmEpilogue[float64](t, 1e-12)
}

func gemmEpilogue[T Float](t *testing.T, tol float64) {
	r := rand.New(rand.NewPCG(1, 2))
	fill := func(n int) []T {
		s := make([]T, n)
		for i := range s {
			s[i] = T(4*r.Float64() - 2)
		}
		return s
	}
	for trial, s := range [][3]int{{1, 1, 1}, {5, 7, 3}, {70, 90, 40}, {33, 300, 200}, {129, 65, 9}, {200, 200, 0}} {
		m, n, k := s[0], s[1], s[2]
		for act := Identity; act <= GELU; act++ {
			for variant := range 4 {
				name := fmt.Sprintf("%T %v %v variant %d", T(0), s, act, variant)
				ldc, ldr := n+trial%2, n+3
				a, b, c := fill(m*k), fill(k*n), fill(m*ldc)
				ep := &Epilogue[T]{Act: act, Slope: 0.125}
				if variant&1 != 0 {
					ep.Bias, ep.BiasPerColumn = fill(max(m, n)), variant&2 != 0
				}
				if variant >= 2 {
					ep.Residual, ep.LdResidual = fill(m*ldr), ldr
				}
				got := append([]T(nil), c...)
				Gemm(false, false, m, n, k, 1.5, a, max(k, 1), b, n, -0.5, got, ldc, ep)
				for i := range m {
					for j := range n {
						var g float64
						for p := range k {
							g += float64(a[i*k+p]) * float64(b[p*n+j])
						}
						g = 1.5*g - 0.5*float64(c[i*ldc+j])
						switch {
						case ep.Bias != nil && ep.BiasPerColumn:
							g += float64(ep.Bias[j])
						case ep.Bias != nil:
							g += float64(ep.Bias[i])
						}
						if ep.Residual != nil {
							g += float64(ep.Residual[i*ldr+j])
						}
						want := activation64(act, 0.125, g)
						require.InDelta(t, want, float64(got[i*ldc+j]), tol*(1+math.Abs(want))*float64(k+4), "%s: C(%d, %d)", name, i, j)
					}
				}
			}
		}
	}
}

func TestActivateSpecialValues(t *testing.T) {
	for act := Identity; act <= GELU; act++ {
		x := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -3, 3, 7}
		Activate(act, 0.5, x)
		assert.True(t, math.IsNaN(x[0]), "%v(NaN) = %v", act, x[0])
		for i, v := range []float64{math.Inf(1), math.Inf(-1), 0, -3, 3, 7} {
			assert.Equal(t, activation64(act, 0.5, v), x[i+1], "%v(%v)", act, v)
		}
	}
}

func TestGemmPanics(t *testing.T) {
	a, b, c := make([]float32, 6), make([]float32, 6), make([]float32, 4)
	cases := []struct {
		want string
		run  func()
	}{
		{"fused: m = -1, must not be negative", func() { Gemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2, nil) }},
		{"fused: lda = 2, less than the 3 columns of A", func() { Gemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2, nil) }},
		{"fused: B has 6 elements, 3x2 with ldb 3 needs 8", func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 3, 0, c, 2, nil) }},
		{"fused: C has 4 elements, 2x2 with ldc 3 needs 5", func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 3, nil) }},
		{"fused: Bias has 1 elements, C needs one per row: 2", func() {
			Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, &Epilogue[float32]{Bias: []float32{1}})
		}},
		{"fused: Residual has 3 elements, 2x2 C with LdResidual 2 needs 4", func() {
			Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, &Epilogue[float32]{Residual: make([]float32, 3), LdResidual: 2})
		}},
		{"fused: LdResidual = 1, less than the 2 columns of C", func() {
			Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, &Epilogue[float32]{Residual: make([]float32, 4), LdResidual: 1})
		}},
		{"fused: unknown activation 9", func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, &Epilogue[float32]{Act: 9}) }},
	}
	for _, tc := range cases {
		require.PanicsWithValue(t, tc.want, tc.run)
	}
}

func TestGemmNoAllocations(t *testing.T) {
	n := 200
	a, b, c, bias := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n), make([]float32, n)
	ep := &Epilogue[float32]{Bias: bias, Act: ReLU}
	Gemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n, ep)
	runtime.GC()
	assert.Zero(t, testing.AllocsPerRun(5, func() { Gemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n, ep) }))
}
