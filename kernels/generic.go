package kernels

import "math"

// The pure-Go definitions. Each is the plain loop of its contract in
// tables.go; the assembly kernels are tested against them, and they are the
// generic table that runs where no assembly does.

// first returns the index of the element a BLAS increment visits first.
func first(n, inc int) int {
	if inc < 0 {
		return (1 - n) * inc
	}
	return 0
}

func dot[T Float](x, y []T) T {
	var sum T
	for i, v := range x {
		sum += v * y[i]
	}
	return sum
}

func dotInc[T Float](n int, x []T, incX int, y []T, incY int) T {
	var sum T
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		sum += x[ix] * y[iy]
	}
	return sum
}

func axpy[T Float](alpha T, x, y []T) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

func axpyInc[T Float](n int, alpha T, x []T, incX int, y []T, incY int) {
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		y[iy] += alpha * x[ix]
	}
}

func scal[T Float](alpha T, x []T) {
	for i := range x {
		x[i] *= alpha
	}
}

func scalInc[T Float](n int, alpha T, x []T, incX int) {
	for i, ix := 0, first(n, incX); i < n; i, ix = i+1, ix+incX {
		x[ix] *= alpha
	}
}

func copyInc[T Float](n int, x []T, incX int, y []T, incY int) {
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		y[iy] = x[ix]
	}
}

func swap[T Float](x, y []T) {
	for i, v := range x {
		x[i], y[i] = y[i], v
	}
}

func swapInc[T Float](n int, x []T, incX int, y []T, incY int) {
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		x[ix], y[iy] = y[iy], x[ix]
	}
}

func abs[T Float](v T) T { return T(math.Abs(float64(v))) }

func asum[T Float](x []T) T {
	var sum T
	for _, v := range x {
		sum += abs(v)
	}
	return sum
}

func addAbs[T Float](x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += abs(v)
	}
}

func asumInc[T Float](n int, x []T, incX int) T {
	var sum T
	for i, ix := 0, first(n, incX); i < n; i, ix = i+1, ix+incX {
		sum += abs(x[ix])
	}
	return sum
}

// rot and rotInc round each product (the conversions forbid fusing them
// into an FMA), as the Rot contract requires.
func rot[T Float](h11, h12, h21, h22 T, x, y []T) {
	for i, v := range x {
		x[i], y[i] = T(h11*v)+T(h12*y[i]), T(h21*v)+T(h22*y[i])
	}
}

func rotInc[T Float](n int, h11, h12, h21, h22 T, x []T, incX int, y []T, incY int) {
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		x[ix], y[iy] = T(h11*x[ix])+T(h12*y[iy]), T(h21*x[ix])+T(h22*y[iy])
	}
}

func maxAbs[T Float](x []T) T {
	var m T
	for _, v := range x {
		if a := abs(v); a > m { // false for NaN
			m = a
		}
	}
	return m
}

func maxAbsInc[T Float](n int, x []T, incX int) T {
	var m T
	for i, ix := 0, first(n, incX); i < n; i, ix = i+1, ix+incX {
		if a := abs(x[ix]); a > m {
			m = a
		}
	}
	return m
}

func sum[T Float](x []T) T {
	var s T
	for _, v := range x {
		s += v
	}
	return s
}

// maxOf and minOf use Go's built-in max and min, which return NaN when an
// argument is NaN.
func maxOf[T Float](x []T) T {
	m := T(math.Inf(-1))
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

func minOf[T Float](x []T) T {
	m := T(math.Inf(1))
	for _, v := range x {
		m = min(m, v)
	}
	return m
}

func dotRows[T Float](x, a []T, lda int) (d0, d1, d2, d3 T) {
	n := len(x)
	a0, a1, a2, a3 := a[:n], a[lda:lda+n], a[2*lda:2*lda+n], a[3*lda:3*lda+n]
	for i, v := range x {
		d0 += a0[i] * v
		d1 += a1[i] * v
		d2 += a2[i] * v
		d3 += a3[i] * v
	}
	return d0, d1, d2, d3
}

func dotRows3x4[T Float](x0, x1, x2, a []T, lda int) (d00, d01, d02, d03, d10, d11, d12, d13, d20, d21, d22, d23 T) {
	d00, d01, d02, d03 = dotRows(x0, a, lda)
	d10, d11, d12, d13 = dotRows(x1[:len(x0)], a, lda)
	d20, d21, d22, d23 = dotRows(x2[:len(x0)], a, lda)
	return
}

func axpyRows[T Float](c0, c1, c2, c3 T, y, a []T, lda int) {
	n := len(y)
	a0, a1, a2, a3 := a[:n], a[lda:lda+n], a[2*lda:2*lda+n], a[3*lda:3*lda+n]
	for i := range y {
		y[i] = y[i] + c0*a0[i] + c1*a1[i] + c2*a2[i] + c3*a3[i]
	}
}

// depthwiseS1 returns the definition of the depthwise kernel of a k×k
// filter at unit stride.
func depthwiseS1[T Float](k int) func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T) {
	return func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T) {
		for a := range rows {
			for i := range cols {
				var s T
				for r := range k {
					for t := range k {
						s += w[r*k+t] * x[(a+r)*ldx+i+t]
					}
				}
				y[a*ldy+i] = s
			}
		}
	}
}

// depthwise3x3S2 is the definition of Depthwise3x3S2.
func depthwise3x3S2[T Float](rows, cols int, y []T, ldy int, even, odd []T, ldx int, w []T) {
	for a := range rows {
		for i := range cols {
			var s T
			for r := range 3 {
				j := (2*a+r)*ldx + i
				s += w[3*r] * even[j]
				s += w[3*r+1] * odd[j]
				s += w[3*r+2] * even[j+1]
			}
			y[a*ldy+i] = s
		}
	}
}

// maxPool2x2 is the definition of MaxPool2x2.
func maxPool2x2[T Float](rows, n int, x []T, ld int, y []T, argmax []int32, base int) {
	for r := range rows {
		for q := range n {
			i := 2*r*ld + 2*q
			taps := [4]int{i, i + 1, ld + i, ld + i + 1}
			m, k := x[i], i
			for _, t := range taps[1:] {
				if x[t] > m {
					m, k = x[t], t
				}
			}
			for _, t := range taps {
				if m == 0 && x[t] == 0 && !math.Signbit(float64(x[t])) {
					m = 0 // +0
				}
			}
			for _, t := range taps {
				if x[t] != x[t] {
					m, k = x[t], t
				}
			}
			y[r*n+q], argmax[r*n+q] = m, int32(base+k)
		}
	}
}

// deinterleave is the definition of Deinterleave.
func deinterleave[T Float](n int, x, even, odd []T) {
	for j := range n {
		even[j], odd[j] = x[2*j], x[2*j+1]
	}
}

// im2colRows is the definition of Im2colRows.
func im2colRows[T Float](rows, n int, dst []T, ldd int, x []T, plane int, taps []int, tap, off int) {
	nt, base := len(taps)/3, 0
	for i := range rows {
		lo, hi, at := taps[3*tap], taps[3*tap+1], taps[3*tap+2]
		d := dst[i*ldd : i*ldd+n]
		for j := range d {
			d[j] = 0
			if p := off + j; p >= lo && p < hi {
				d[j] = x[base+at+p]
			}
		}
		if tap++; tap == nt {
			tap, base = 0, base+plane
		}
	}
}

// convRows is the definition of ConvRows.
func convRows[T Float](n int, y []T, ldy int, w []T, x []T, offs []int) {
	if len(offs) == 0 {
		return
	}
	for k := range 4 {
		for j := range n {
			var s T
			for i, off := range offs {
				s += w[4*i+k] * x[off+j]
			}
			y[k*ldy+j] = s
		}
	}
}

func relu[T Float](x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		if v < 0 {
			v = 0
		}
		y[i] = v
	}
}

func addBias[T Float](b T, x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = v + b
	}
}

func addBiasRelu[T Float](b T, x, y []T) {
	y = y[:len(x)]
	for i, v := range x {
		if v += b; v < 0 {
			v = 0
		}
		y[i] = v
	}
}

func reluGrad[T Float](x, dy, dx []T) {
	dy, dx = dy[:len(x)], dx[:len(x)]
	for i, v := range x {
		g := dy[i]
		if !(v > 0) {
			g = 0
		}
		dx[i] = g
	}
}

// The optimizer updates convert every product to T, which forbids the
// compiler to fuse it with the sum that follows into an FMA (arm64 and
// GOAMD64=v3 would): their contract rounds each operation.

func momentumUpdate[T Float](lr, mu, wd T, w, g, v []T) {
	g, v = g[:len(w)], v[:len(w)]
	for i, x := range w {
		d := g[i] + T(wd*x)
		v[i] = T(mu*v[i]) + d
		w[i] = x - T(lr*v[i])
	}
}

func nesterovUpdate[T Float](lr, mu, wd T, w, g, v []T) {
	g, v = g[:len(w)], v[:len(w)]
	for i, x := range w {
		d := g[i] + T(wd*x)
		v[i] = T(mu*v[i]) + d
		w[i] = x - T(lr*(d+T(mu*v[i])))
	}
}

func adamUpdate[T Float](wd, decay, b1, a1, b2, a2, s2, eps, step T, w, g, m, v []T) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i, x := range w {
		d := g[i] + T(wd*x)
		m[i] = T(b1*m[i]) + T(a1*d)
		v[i] = T(b2*v[i]) + T(T(a2*d)*d)
		denom := T(math.Sqrt(float64(v[i])))/s2 + eps
		w[i] = T(decay*x) - T(step*(m[i]/denom))
	}
}

func sumSquaresF64(scale float64, x []float64) (sumSq, maxAbs float64) {
	return sumSquaresIncF64(len(x), scale, x, 1)
}

func sumSquaresIncF64(n int, scale float64, x []float64, incX int) (sumSq, maxAbs float64) {
	for i, ix := 0, first(n, incX); i < n; i, ix = i+1, ix+incX {
		s := scale * x[ix]
		sumSq += s * s
		if a := math.Abs(x[ix]); a > maxAbs {
			maxAbs = a
		}
	}
	return sumSq, maxAbs
}

func dsdot(x, y []float32) float64 { return dsdotInc(len(x), x, 1, y, 1) }

func dsdotInc(n int, x []float32, incX int, y []float32, incY int) float64 {
	var sum float64
	for i, ix, iy := 0, first(n, incX), first(n, incY); i < n; i, ix, iy = i+1, ix+incX, iy+incY {
		sum += float64(x[ix]) * float64(y[iy])
	}
	return sum
}

func sumSquaresF32(x []float32) float64 { return sumSquaresIncF32(len(x), x, 1) }

func sumSquaresIncF32(n int, x []float32, incX int) float64 {
	var sum float64
	for i, ix := 0, first(n, incX); i < n; i, ix = i+1, ix+incX {
		v := float64(x[ix])
		sum += v * v
	}
	return sum
}

func genericVec[T Float]() Vec[T] {
	transpose := transpose[T] // one function value for both entries
	return Vec[T]{
		Dot: dot[T], DotInc: dotInc[T],
		Axpy: axpy[T], AxpyInc: axpyInc[T],
		Scal: scal[T], ScalInc: scalInc[T],
		CopyInc: copyInc[T],
		Swap:    swap[T], SwapInc: swapInc[T],
		Asum: asum[T], AsumInc: asumInc[T], AddAbs: addAbs[T],
		Rot: rot[T], RotInc: rotInc[T],
		MaxAbs: maxAbs[T], MaxAbsInc: maxAbsInc[T],
		Sum: sum[T], Max: maxOf[T], Min: minOf[T],
		DotRows: dotRows[T], DotRows3x4: dotRows3x4[T], AxpyRows: axpyRows[T],
		Depthwise3x3S1: depthwiseS1[T](3), Depthwise5x5S1: depthwiseS1[T](5), Depthwise3x3S2: depthwise3x3S2[T],
		Relu: relu[T], AddBias: addBias[T], AddBiasRelu: addBiasRelu[T], ReluGrad: reluGrad[T],
		MomentumUpdate: momentumUpdate[T], NesterovUpdate: nesterovUpdate[T], AdamUpdate: adamUpdate[T],
		Im2colRows: im2colRows[T], ConvRows: convRows[T], MaxPool2x2: maxPool2x2[T], Deinterleave: deinterleave[T], Transpose: transpose,
		Gemm: Gemm[T]{MR: 4, NR: 4, MC: 64, KC: 256, NC: 1024,
			FullWidth:        []GemmKernel[T]{4: gemmKernel[T](4, 4), 2: gemmKernel[T](2, 4), 1: gemmKernel[T](1, 4)},
			HalfWidth:        []GemmKernel[T]{4: gemmKernel[T](4, 2), 2: gemmKernel[T](2, 2), 1: gemmKernel[T](1, 2)},
			FullWidthPacking: packThenRun(copyBlock[T](4), gemmKernel[T](4, 4), 4),
			SmallK:           smallK[T],
			PackA:            copyBlock[T](4), PackB: copyBlock[T](4), PackTransposed: transpose,
		},
		Peak: peakGeneric[T](),
	}
}

// generic is the table of pure-Go definitions.
var generic = &Set{
	ISA: Generic,
	F32: Float32{
		Vec:   genericVec[float32](),
		Dsdot: dsdot, DsdotInc: dsdotInc,
		SumSquares: sumSquaresF32, SumSquaresInc: sumSquaresIncF32,
	},
	F64: Float64{
		Vec:        genericVec[float64](),
		SumSquares: sumSquaresF64, SumSquaresInc: sumSquaresIncF64,
	},
}
