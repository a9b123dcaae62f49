package conv

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/kernels"
)

// TestIm2colPanels checks the panels im2col and im2colT pack, on every
// ISA, bit for bit against im2col's definition element by element: random
// shapes (padding, strides, dilation, several images) and a large window,
// panels from anywhere in the matrix, of any size up
// to past an output row and an image, some narrower than their width.
func TestIm2colPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := []Shape{{N: 2, C: 2, H: 11, W: 12, K: 1, Window: Window{R: 9, S: 8, PadTop: 3, PadLeft: 4, PadBottom: 2, PadRight: 1}}}
	for range 60 {
		shapes = append(shapes, randomShape(r))
	}
	for _, s := range shapes {
		s = s.withDefaults()
		for _, set := range sets() {
			panels[float32](t, r, s, set.F32.Vec)
			panels[float64](t, r, s, set.F64.Vec)
		}
	}
}

func panels[T Float](t *testing.T, r *rand.Rand, s Shape, v kernels.Vec[T]) {
	p, q := s.out(s.H, s.W)
	tp := newTaps(s, p, q)
	cg, rs := s.C/s.Groups, s.R*s.S
	crs, cols := cg*rs, s.N*p*q
	// The last group's channels, so that x ends where the last image does.
	x := random[T](r, s.InputLen())[(s.Groups-1)*cg*s.H*s.W:]
	// want is element (row, col) of the group's im2col matrix.
	want := func(row, col int) T {
		c, ri, si := row/rs, row%rs/s.S, row%s.S
		img, oh, ow := col/(p*q), col%(p*q)/q, col%q
		ih, iw := oh*s.StrideH-s.PadTop+ri*s.DilationH, ow*s.StrideW-s.PadLeft+si*s.DilationW
		if ih < 0 || ih >= s.H || iw < 0 || iw >= s.W {
			return 0
		}
		return x[img*s.C*s.H*s.W+(c*s.H+ih)*s.W+iw]
	}
	// The reads' extent in a channel, which the kernel's checks trust.
	first, end := s.H*s.W, 0
	for col := range p * q {
		for row := range rs {
			ih, iw := col/q*s.StrideH-s.PadTop+row/s.S*s.DilationH, col%q*s.StrideW-s.PadLeft+row%s.S*s.DilationW
			if ih >= 0 && ih < s.H && iw >= 0 && iw < s.W {
				first, end = min(first, ih*s.W+iw), max(end, ih*s.W+iw+1)
			}
		}
	}
	require.Equalf(t, [2]int{min(first, end), end}, [2]int{tp.first, tp.end}, "%+v: the reads' extent", s)
	for range 10 {
		// A panel of kc rows of the packer's op(B) from p0, n of its columns
		// from j0, width wide.
		transposed := r.IntN(2) == 1
		rows, opCols := crs, cols
		if transposed {
			rows, opCols = cols, crs
		}
		p0, j0 := r.IntN(rows), r.IntN(opCols)
		kc, n := 1+r.IntN(rows-p0), 1+r.IntN(opCols-j0)
		width := n + r.IntN(3)
		dst := make([]T, kc*width)
		for i := range dst {
			dst[i] = T(math.NaN())
		}
		if transposed {
			(&im2colT[T]{v: &v, t: tp, x: x}).PackB(dst, p0, kc, j0, n, width)
		} else {
			(&im2col[T]{v: &v, t: tp, x: x}).PackB(dst, p0, kc, j0, n, width)
		}
		for i := range kc {
			for j := range width {
				var e T
				switch {
				case j >= n:
				case transposed:
					e = want(j0+j, p0+i)
				default:
					e = want(p0+i, j0+j)
				}
				got := dst[i*width+j]
				require.Equalf(t, math.Float64bits(float64(e)), math.Float64bits(float64(got)),
					"%+v transposed %v p0 %d kc %d j0 %d n %d width %d: element (%d, %d) = %v, want %v",
					s, transposed, p0, kc, j0, n, width, i, j, got, e)
			}
		}
	}
}

// TestIm2colRowsChecks checks that the call of Im2colRows panics, before
// the kernel runs, where it would read outside x or write outside dst, and
// runs it where every access is inside, up to the last element of each.
func TestIm2colRowsChecks(t *testing.T) {
	ran := false
	v := &kernels.Vec[float32]{Im2colRows: func(int, int, []float32, int, []float32, int, []int, int, int) { ran = true }}
	// Two channels of 5×6, a 3×3 window padded by 1: 5×6 outputs, 9 taps,
	// the last of which reads a channel's last element.
	s := Shape{N: 1, C: 2, H: 5, W: 6, K: 1, Window: Square(3, 1, 1)}.withDefaults()
	tp := newTaps(s, 5, 6)
	x, dst := make([]float32, 60), make([]float32, 17*6+6)
	for _, c := range []struct {
		name                       string
		rows, n, ldd, oh, tap, off int
		dst, x                     []float32
		ok                         bool
	}{
		{"both channels", 18, 6, 6, 2, 0, 0, dst, x, true},
		{"a run inside the row", 18, 3, 6, 4, 0, 3, dst, x, true},
		{"dst one short", 18, 6, 6, 2, 0, 0, dst[:len(dst)-1], x, false},
		{"x one short", 18, 6, 6, 2, 0, 0, dst, x[:59], false},
		{"past x's channels", 11, 6, 6, 2, 8, 0, dst, x, false},
		{"ldd below n", 2, 6, 5, 2, 0, 0, dst, x, false},
		{"past the output rows", 1, 6, 6, 5, 0, 0, dst, x, false},
		{"before the output rows", 1, 6, 6, -1, 0, 0, dst, x, false},
		{"past the taps", 1, 6, 6, 0, 9, 0, dst, x, false},
		{"past the row", 1, 6, 6, 0, 0, 1, dst, x, false},
		{"before the row", 1, 2, 6, 0, 0, -1, dst, x, false},
		{"negative rows", -1, 6, 6, 0, 0, 0, dst, x, false},
	} {
		ran = false
		call := func() { im2colRows(v, tp, c.rows, c.n, c.dst, c.ldd, c.x, c.oh, c.tap, c.off) }
		if c.ok {
			require.NotPanicsf(t, call, "%s", c.name)
			require.Truef(t, ran, "%s: the kernel did not run", c.name)
		} else {
			require.Panicsf(t, call, "%s", c.name)
			require.Falsef(t, ran, "%s: the kernel ran", c.name)
		}
	}
	require.Equal(t, 30, tp.end, "the taps' reads end at a channel's end")
}
