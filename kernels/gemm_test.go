package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestGemmKernel checks every ISA's micro-kernel against the pure-Go
// definition (a generic kernel of the same tile shape) for every k up to
// 40 and some larger, padded strides, the special values of alpha and
// beta, none, one and three tiles, and A, B and C each against a guard page.
func TestGemmKernel(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			gemmKernelCases(t, &set.F32.Gemm)
			gemmKernelCases(t, &set.F64.Gemm)
		})
	}
}

func gemmKernelCases[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	for h, kernel := range g.FullWidth {
		if kernel != nil {
			gemmKernelHeight(t, h, g.NR, kernel)
		}
		if (g.HalfWidth[h] != nil) != (kernel != nil) {
			t.Errorf("%dx%d: HalfWidth and FullWidth differ at height %d", g.MR, g.NR, h)
		}
		if g.HalfWidth[h] != nil {
			gemmKernelHeight(t, h, g.NR/2, g.HalfWidth[h])
		}
	}
	if g.FullWidth[g.MR] == nil || g.FullWidth[1] == nil {
		t.Errorf("%dx%d: the full-height and one-row kernels are both required", g.MR, g.NR)
	}
}

func gemmKernelHeight[T kernels.Float](t *testing.T, mr, nr int, kernel kernels.GemmKernel[T]) {
	ref := kernels.GemmDefinition[T](mr, nr)
	arenas := [3]*guard.Arena{guard.New(1 << 21), guard.New(1 << 20), guard.New(1 << 17)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	r := rand.New(rand.NewPCG(9, uint64(mr*nr)))
	e := eps[T]()
	ks := []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 40, 255, 256, 257, 600}
	for _, k := range ks {
		for _, pad := range []int{0, 1, 2, 3} {
			for _, ab := range [][2]float64{{1, 0}, {1, 1}, {-0.5, 2}, {2, math.Copysign(0, -1)}, {0, 0.5}} {
				for _, tiles := range []int{0, 1, 3} {
					alpha, beta := T(ab[0]), T(ab[1])
					// A in both layouts: column panels (rsa = 1) and row
					// panels, each tile's panel pad elements past the last.
					rsa, csa := 1, mr+pad
					if pad%2 == 1 {
						rsa, csa = k+pad, 1
					}
					next := spanOr((mr-1)*rsa+(k-1)*csa+1, k) + pad
					rsb, ldc := nr+2*pad, nr+pad
					a := fill[T](r, spanOr(max(tiles-1, 0)*next+(mr-1)*rsa+(k-1)*csa+1, k*tiles))
					b := fill[T](r, spanOr((k-1)*rsb+nr, k))
					c := fill[T](r, max(tiles*mr-1, 0)*ldc+nr)
					if beta == 0 {
						for i := range c {
							c[i] = T(math.NaN()) // must not be read
						}
					}
					want := append([]T(nil), c...)
					ref(tiles, k, alpha, ptr(a), rsa, csa, next, ptr(b), rsb, beta, &want[0], ldc, 0, 0)

					for _, back := range []bool{false, true} {
						ga := guard.Place[T](arenas[0], len(a), 0, back)
						gb := guard.Place[T](arenas[1], len(b), 0, back)
						gc := guard.Place[T](arenas[2], len(c), 0, back)
						copy(ga, a)
						copy(gb, b)
						copy(gc, c)
						// The prefetch hint, even where nothing is mapped,
						// never faults and changes nothing.
						pf, pfs := uintptr(unsafe.Pointer(ptr(gb))), rsb
						if back {
							pf, pfs = 8, 1<<20
						}
						kernel(tiles, k, alpha, ptr(ga), rsa, csa, next, ptr(gb), rsb, beta, &gc[0], ldc, pf, pfs)
						where := fmt.Sprintf("%T %dx%d tiles=%d k=%d pad=%d alpha=%v beta=%v back=%v", alpha, mr, nr, tiles, k, pad, alpha, beta, back)
						for i := range tiles * mr {
							for j := range nr {
								at := i*ldc + j
								// FMA and the order of the k sum change the
								// last bits: |error| <= 2k eps sum|a||b| + eps|C|.
								var mag float64
								for p := range k {
									mag += math.Abs(float64(a[i/mr*next+i%mr*rsa+p*csa]) * float64(b[p*rsb+j]))
								}
								var cmag float64
								if beta != 0 {
									cmag = math.Abs(float64(beta * c[at]))
								}
								tol := 2*float64(k+2)*e*(math.Abs(float64(alpha))*mag+cmag) + 1e-300
								if !near(float64(gc[at]), float64(want[at]), tol) {
									t.Fatalf("%s: C(%d,%d) = %v, want %v", where, i, j, gc[at], want[at])
								}
							}
						}
						for i := range gc {
							if j := i % ldc; (j >= nr || i >= tiles*mr*ldc) && gc[i] != c[i] && !(gc[i] != gc[i] && c[i] != c[i]) {
								t.Fatalf("%s: wrote C's padding at %d", where, i)
							}
						}
						if !guard.Untouched(arenas[2], gc) {
							t.Fatalf("%s: wrote outside C", where)
						}
					}
				}
			}
		}
	}
}

// TestGemmPackKernel checks every ISA's packing kernel, and the generic
// table's (the pure-Go definition: PackB, then the kernel), against the
// table's full-tile kernel: the same C bit for bit, B's panel copied
// exactly to bp, and nothing read or written outside B, C and bp, each
// against a guard page.
func TestGemmPackKernel(t *testing.T) {
	generic, _ := kernels.For(kernels.Generic)
	for _, set := range append(simdSets(t), generic) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			gemmPackCases(t, &set.F32.Gemm)
			gemmPackCases(t, &set.F64.Gemm)
		})
	}
}

func gemmPackCases[T kernels.Float](t *testing.T, g *kernels.Gemm[T]) {
	mr, nr, kernel := g.MR, g.NR, g.FullWidthPacking
	arenas := [3]*guard.Arena{guard.New(1 << 20), guard.New(1 << 20), guard.New(1 << 20)}
	defer func() {
		for _, a := range arenas {
			a.Free()
		}
	}()
	r := rand.New(rand.NewPCG(11, uint64(mr*nr)))
	for _, k := range []int{0, 1, 3, 4, 5, 17, 256, 301} {
		for _, pad := range []int{0, 3} {
			for _, ab := range [][2]float64{{1, 0}, {-0.5, 2}} {
				for _, tiles := range []int{0, 1, 2} {
					alpha, beta := T(ab[0]), T(ab[1])
					rsa, csa := k+pad, 1
					next := spanOr((mr-1)*rsa+k, k)
					rsb, ldc := nr+5*pad, nr+pad
					a := fill[T](r, spanOr(max(tiles-1, 0)*next+(mr-1)*rsa+k, k*tiles))
					b := fill[T](r, spanOr((k-1)*rsb+nr, k))
					c := fill[T](r, max(tiles*mr-1, 0)*ldc+nr)
					want := append([]T(nil), c...)
					g.FullWidth[mr](tiles, k, alpha, ptr(a), rsa, csa, next, ptr(b), rsb, beta, &want[0], ldc, 0, 0)
					for _, back := range []bool{false, true} {
						where := fmt.Sprintf("%T %dx%d tiles=%d k=%d pad=%d alpha=%v beta=%v back=%v", alpha, mr, nr, tiles, k, pad, alpha, beta, back)
						gc := guard.Place[T](arenas[0], len(c), 0, back)
						bp := guard.Place[T](arenas[1], k*nr, 0, !back)
						gb := guard.Place[T](arenas[2], len(b), 0, back)
						copy(gc, c)
						copy(gb, b)
						kernel(tiles, k, alpha, ptr(a), rsa, csa, next, ptr(gb), rsb, ptr(bp), beta, &gc[0], ldc)
						for i := range gc {
							if math.Float64bits(float64(gc[i])) != math.Float64bits(float64(want[i])) {
								t.Fatalf("%s: C[%d] = %v, the full-tile kernel's %v", where, i, gc[i], want[i])
							}
						}
						if tiles > 0 {
							for p := range k {
								for j := range nr {
									if bp[p*nr+j] != b[p*rsb+j] {
										t.Fatalf("%s: bp(%d,%d) = %v, want B's %v", where, p, j, bp[p*nr+j], b[p*rsb+j])
									}
								}
							}
						}
						if !guard.Untouched(arenas[0], gc) || !guard.Untouched(arenas[1], bp) {
							t.Fatalf("%s: wrote outside C or bp", where)
						}
					}
				}
			}
		}
	}
}

// spanOr returns n, or 0 when k == 0: an empty operand.
func spanOr(n, k int) int {
	if k == 0 {
		return 0
	}
	return n
}

// ptr returns the address of s's first element, or of a dummy when s is
// empty (k == 0 reads nothing).
func ptr[T any](s []T) *T {
	if len(s) == 0 {
		return new(T)
	}
	return &s[0]
}

// TestPeakProbe runs every probe briefly: it must return and claim work.
func TestPeakProbe(t *testing.T) {
	for _, set := range simdSets(t) {
		for _, p := range []kernels.Peak{set.F32.Peak, set.F64.Peak} {
			p.Run(0)
			p.Run(1000)
			if p.Flops <= 0 {
				t.Errorf("%s: probe claims %d flops per iteration", set.ISA, p.Flops)
			}
		}
	}
}
