package kernels

// Float is the element type of a kernel.
type Float interface{ ~float32 | ~float64 }

// Vec holds the kernels both element types have. Unit-stride kernels take n
// from the length of their first slice; every other slice must be at least
// as long. In the contracts, i runs over 0 <= i < n.
type Vec[T Float] struct {
	// Dot returns the sum of x[i]*y[i], accumulated in T.
	Dot func(x, y []T) T
	// DotInc is Dot over strided slices.
	DotInc func(n int, x []T, incX int, y []T, incY int) T

	// Axpy sets y[i] += alpha*x[i].
	Axpy func(alpha T, x, y []T)
	// AxpyInc is Axpy over strided slices.
	AxpyInc func(n int, alpha T, x []T, incX int, y []T, incY int)

	// Scal sets x[i] *= alpha.
	Scal func(alpha T, x []T)
	// ScalInc is Scal over a strided slice.
	ScalInc func(n int, alpha T, x []T, incX int)

	// CopyInc sets y[i] = x[i] over strided slices. The unit-stride copy is
	// Go's built-in copy.
	CopyInc func(n int, x []T, incX int, y []T, incY int)

	// Swap exchanges x[i] and y[i].
	Swap func(x, y []T)
	// SwapInc is Swap over strided slices.
	SwapInc func(n int, x []T, incX int, y []T, incY int)

	// Asum returns the sum of |x[i]|.
	Asum func(x []T) T
	// AsumInc is Asum over a strided slice.
	AsumInc func(n int, x []T, incX int) T
	// AddAbs sets y[i] += |x[i]|: a matrix's column sums of magnitudes, one
	// row at a time (its 1-norm).
	AddAbs func(x, y []T)

	// Rot applies the 2x2 matrix H to every pair (x[i], y[i]):
	// x[i], y[i] = h11*x[i] + h12*y[i], h21*x[i] + h22*y[i],
	// each product rounded before the sum (no FMA), so the results are
	// exactly those of the definition. Both the plane rotation and the
	// modified Givens rotation of BLAS are this kernel.
	Rot func(h11, h12, h21, h22 T, x, y []T)
	// RotInc is Rot over strided slices.
	RotInc func(n int, h11, h12, h21, h22 T, x []T, incX int, y []T, incY int)

	// MaxAbs returns the largest |x[i]| that is not NaN, or 0 if there is
	// none.
	MaxAbs func(x []T) T
	// MaxAbsInc is MaxAbs over a strided slice.
	MaxAbsInc func(n int, x []T, incX int) T

	// Sum returns the sum of x[i], accumulated in T.
	Sum func(x []T) T
	// Max returns the largest x[i], NaN if any x[i] is NaN, and -Inf if x is
	// empty.
	Max func(x []T) T
	// Min returns the smallest x[i], NaN if any x[i] is NaN, and +Inf if x is
	// empty.
	Min func(x []T) T

	// DotRows returns the products of four rows of a matrix with x: for
	// r < 4, d_r is the sum of a[r*lda+i]*x[i], accumulated in T. a must
	// hold at least 3*lda+n elements.
	DotRows func(x, a []T, lda int) (d0, d1, d2, d3 T)
	// DotRows3x4 returns the products of four rows of a matrix with each
	// of three vectors: for i < 3 and r < 4, dir is the sum of
	// a[r*lda+j]*xi[j] over j < n = len(x0), accumulated in T. x1 and x2
	// must hold at least n elements, a at least 3*lda+n.
	DotRows3x4 func(x0, x1, x2, a []T, lda int) (d00, d01, d02, d03, d10, d11, d12, d13, d20, d21, d22, d23 T)
	// AxpyRows adds a combination of four rows of a matrix to y:
	// y[i] += c0*a[i] + c1*a[lda+i] + c2*a[2*lda+i] + c3*a[3*lda+i], the
	// terms added in that order. a must hold at least 3*lda+n elements and
	// must not overlap y.
	AxpyRows func(c0, c1, c2, c3 T, y, a []T, lda int)

	// Depthwise3x3S1 and Depthwise5x5S1 compute a rows×cols block of a
	// depthwise convolution with a k×k filter (k = 3, 5) at unit stride and
	// dilation, over a region where every tap is inside the input (conv/
	// pads the plane into a scratch buffer): they overwrite
	// y[a*ldy+i] = sum over r, t < k of w[r*k+t]*x[(a+r)*ldx+i+t]
	// for a < rows and i < cols, the terms added in the order of r*k+t.
	// When rows > 0, y must hold (rows-1)*ldy+cols elements, x
	// (rows+k-2)*ldx+cols+k-1 and w k*k; y must not overlap x or w.
	Depthwise3x3S1 func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T)
	Depthwise5x5S1 func(rows, cols int, y []T, ldy int, x []T, ldx int, w []T)
	// Depthwise3x3S2 is Depthwise3x3S1 at stride 2 on an input split into
	// its even and odd columns (even[j] is column 2j of a padded input row,
	// odd[j] column 2j+1): it overwrites
	// y[a*ldy+i] = sum over r < 3 of w[3r]*even[(2a+r)*ldx+i] +
	// w[3r+1]*odd[(2a+r)*ldx+i] + w[3r+2]*even[(2a+r)*ldx+i+1]
	// for a < rows and i < cols, the terms added in the order of the
	// weights. When rows > 0, y must hold (rows-1)*ldy+cols elements, even
	// 2*rows*ldx+cols+1, odd 2*rows*ldx+cols and w 9; y must not overlap
	// the others.
	Depthwise3x3S2 func(rows, cols int, y []T, ldy int, even, odd []T, ldx int, w []T)

	// Im2colRows fills rows of an im2col panel from an image's channels,
	// for a run of n output positions off, off+1, ..., off+n-1 of an output
	// row. taps holds nt = len(taps)/3 taps of three ints each,
	// (lo_t, hi_t, at_t) = (taps[3t], taps[3t+1], taps[3t+2]): tap t reads
	// position p of the row, for lo_t <= p < hi_t, at x[at_t + p] of a
	// channel, and padding at the others. Row i < rows is tap
	// t = (tap+i)%nt of channel c = (tap+i)/nt, whose plane starts at
	// x[c*plane]: for j < n, with p = off+j,
	// dst[i*ldd+j] = x[c*plane + at_t + p] where lo_t <= p < hi_t, else 0.
	// It reads only those elements of x and writes only those of dst.
	// When rows > 0 and n > 0: 0 <= tap < nt; 0 <= lo_t <= hi_t < 2^31 for
	// every t, and 0 <= off, off+n < 2^31; ldd >= n if rows > 1; dst holds
	// (rows-1)*ldd+n elements and x every element read; dst must not
	// overlap x or taps.
	Im2colRows func(rows, n int, dst []T, ldd int, x []T, plane int, taps []int, tap, off int)

	// ConvRows computes four rows of a direct convolution: for k < 4 and
	// j < n, y[k*ldy+j] = sum over i < len(offs) of w[4i+k]*x[offs[i]+j],
	// the terms added in the order of i (each step, say, a filter tap of
	// an input channel, and x[offs[i]:] what that tap reads for a run of
	// outputs); with no steps it writes nothing. When n > 0 and offs is
	// not empty: ldy >= n, y holds 3*ldy+n elements, w 4*len(offs), and x
	// offs[i]+n for every i, with offs[i] >= 0; y must not overlap x or w.
	ConvRows func(n int, y []T, ldy int, w []T, x []T, offs []int)

	// MaxPool2x2 computes rows output rows of n outputs each of a max
	// pooling of 2×2 windows at stride 2, output row r from input rows 2r
	// and 2r+1 of x, ld elements apart: output q of row r is y[r*n+q], and
	// its window is x[i], x[i+1], x[ld+i], x[ld+i+1], in that order, with
	// i = 2r*ld + 2q. The output is the window's largest element, +0 where
	// the largest are zeros of both signs, or its last NaN if it holds any;
	// argmax[r*n+q] is base plus the index in x of its first largest
	// element, or of its last NaN. It reads only the windows' elements.
	// When rows > 0 and n > 0: ld >= 2n, x holds (2*rows-1)*ld+2n
	// elements, y and argmax rows*n, and 0 <= base <= base+(2*rows-1)*ld+2n
	// <= 2^31-1; y and argmax must not overlap x or each other.
	MaxPool2x2 func(rows, n int, x []T, ld int, y []T, argmax []int32, base int)

	// Deinterleave sets even[j] = x[2j] and odd[j] = x[2j+1] for j < n:
	// the even and odd columns of a row, such as a stride-2 convolution
	// reads. x holds 2n elements, even and odd n; none may overlap.
	Deinterleave func(n int, x, even, odd []T)

	// Transpose sets dst[p*ldd + j] = src[j*ld + p] for j < cols and
	// p < rows: the cols×rows matrix at src, rows ld elements apart, into
	// the rows×cols matrix at dst, rows ldd elements apart. The two must
	// not overlap.
	Transpose func(cols, rows int, src *T, ld int, dst *T, ldd int)

	// Relu sets y[i] = max(x[i], 0): x[i] where it is positive, NaN where
	// it is NaN, and a zero (of either sign) elsewhere. y may be x.
	Relu func(x, y []T)
	// AddBias sets y[i] = x[i] + b. y may be x.
	AddBias func(b T, x, y []T)
	// AddBiasRelu sets y[i] = max(x[i]+b, 0), with Relu's NaNs and zeros:
	// a bias and a ReLU in one pass. y may be x.
	AddBiasRelu func(b T, x, y []T)
	// ReluGrad sets dx[i] = dy[i] where x[i] > 0 and +0 elsewhere, NaN x[i]
	// included: the gradient of Relu's input from dy, that of its output
	// (x may be that output, which is positive exactly where the input
	// is). dy and dx hold at least len(x) elements; dx may be x or dy.
	ReluGrad func(x, dy, dx []T)

	// The optimizer updates below each update one parameter w in place from
	// its gradient g and the optimizer's state, in one pass. They round
	// every product, quotient, square root and sum to T in the order
	// written, with no fused multiply-add, so every ISA gives the
	// definition's results bit for bit. The slices must not overlap.

	// MomentumUpdate is a step of SGD with momentum mu, learning rate lr
	// and L2 weight decay wd, v the velocity:
	// d = g[i] + wd*w[i]; v[i] = mu*v[i] + d; w[i] = w[i] - lr*v[i].
	// With mu = 0 it is plain SGD (and v[i] = d).
	MomentumUpdate func(lr, mu, wd T, w, g, v []T)
	// NesterovUpdate is MomentumUpdate with Nesterov's momentum:
	// d = g[i] + wd*w[i]; v[i] = mu*v[i] + d; w[i] = w[i] - lr*(d + mu*v[i]).
	NesterovUpdate func(lr, mu, wd T, w, g, v []T)
	// AdamUpdate is a step of Adam, m and v the running means of the
	// gradient and its square:
	// d = g[i] + wd*w[i];
	// m[i] = b1*m[i] + a1*d; v[i] = b2*v[i] + (a2*d)*d;
	// w[i] = decay*w[i] - step*(m[i] / (sqrt(v[i])/s2 + eps)).
	// With a1 = 1-beta1, a2 = 1-beta2, step = lr/(1-beta1^t) and
	// s2 = sqrt(1-beta2^t) at step t, it is Adam with L2 weight decay wd
	// when decay = 1, and AdamW with decoupled weight decay lambda when
	// wd = 0 and decay = 1 - lr*lambda. sqrt is IEEE's, correctly rounded.
	AdamUpdate func(wd, decay, b1, a1, b2, a2, s2, eps, step T, w, g, m, v []T)

	// Gemm is the GEMM micro-kernel and its blocking.
	Gemm Gemm[T]
	// Peak measures the core's FMA throughput for this ISA and type.
	Peak Peak
}

// Float64 is the table of float64 kernels.
type Float64 struct {
	Vec[float64]
	// SumSquares returns the sum of (scale*x[i])^2 and the largest |x[i]|
	// that is not NaN (0 if there is none). Nrm2 builds on it.
	SumSquares func(scale float64, x []float64) (sumSq, maxAbs float64)
	// SumSquaresInc is SumSquares over a strided slice.
	SumSquaresInc func(n int, scale float64, x []float64, incX int) (sumSq, maxAbs float64)
}

// Float32 is the table of float32 kernels.
type Float32 struct {
	Vec[float32]
	// Dsdot returns the sum of x[i]*y[i], each product and the sum in float64.
	Dsdot func(x, y []float32) float64
	// DsdotInc is Dsdot over strided slices.
	DsdotInc func(n int, x []float32, incX int, y []float32, incY int) float64
	// SumSquares returns the sum of x[i]^2 in float64, where no square of a
	// float32 overflows or underflows.
	SumSquares func(x []float32) float64
	// SumSquaresInc is SumSquares over a strided slice.
	SumSquaresInc func(n int, x []float32, incX int) float64
}
