package blas

import (
	gblas "gonum.org/v1/gonum/blas"

	"github.com/simdla/simdla/kernels"
)

// The Level 1 routines of both element types, written once over the
// kernels table of their type.

// unitPair reports whether a two-vector call has unit increments and valid
// lengths: the common case, tested in line before the full checks, whose
// extra call shows at cache sizes.
func unitPair(n, lenX, incX, lenY, incY int) bool {
	return incX == 1 && incY == 1 && 0 <= n && n <= lenX && n <= lenY
}

func dot[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int, y []T, incY int) T {
	if unitPair(n, len(x), incX, len(y), incY) {
		return k.Dot(x[:n], y[:n])
	}
	if !checkPair(n, len(x), incX, len(y), incY) {
		return 0
	}
	return k.DotInc(n, x, incX, y, incY)
}

func axpy[T kernels.Float](k *kernels.Vec[T], n int, alpha T, x []T, incX int, y []T, incY int) {
	if unitPair(n, len(x), incX, len(y), incY) {
		if alpha != 0 {
			k.Axpy(alpha, x[:n], y[:n])
		}
		return
	}
	if !checkPair(n, len(x), incX, len(y), incY) || alpha == 0 {
		return
	}
	k.AxpyInc(n, alpha, x, incX, y, incY)
}

func copyVec[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int, y []T, incY int) {
	if unitPair(n, len(x), incX, len(y), incY) {
		copy(y[:n], x[:n])
		return
	}
	if !checkPair(n, len(x), incX, len(y), incY) {
		return
	}
	k.CopyInc(n, x, incX, y, incY)
}

func swap[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int, y []T, incY int) {
	if unitPair(n, len(x), incX, len(y), incY) {
		k.Swap(x[:n], y[:n])
		return
	}
	if !checkPair(n, len(x), incX, len(y), incY) {
		return
	}
	k.SwapInc(n, x, incX, y, incY)
}

// rot applies the 2x2 matrix [h11 h12; h21 h22] to the pairs (x[i], y[i]).
func rot[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int, y []T, incY int, h11, h12, h21, h22 T) {
	if unitPair(n, len(x), incX, len(y), incY) {
		k.Rot(h11, h12, h21, h22, x[:n], y[:n])
		return
	}
	if !checkPair(n, len(x), incX, len(y), incY) {
		return
	}
	k.RotInc(n, h11, h12, h21, h22, x, incX, y, incY)
}

// rotm applies the modified Givens rotation whose matrix H the flag and
// h = [h11 h21 h12 h22] describe.
func rotm[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int, y []T, incY int, flag gblas.Flag, h [4]T) {
	var h11, h12, h21, h22 T
	switch flag {
	case gblas.Identity:
		checkPair(n, len(x), incX, len(y), incY)
		return
	case gblas.Rescaling:
		h11, h21, h12, h22 = h[0], h[1], h[2], h[3]
	case gblas.OffDiagonal:
		h11, h21, h12, h22 = 1, h[1], h[2], 1
	case gblas.Diagonal:
		h11, h21, h12, h22 = h[0], -1, 1, h[3]
	default:
		panic(badFlag)
	}
	rot(k, n, x, incX, y, incY, h11, h12, h21, h22)
}

func scal[T kernels.Float](k *kernels.Vec[T], n int, alpha T, x []T, incX int) {
	if !checkOne(n, len(x), incX) {
		return
	}
	switch {
	case alpha == 0 && incX == 1:
		clear(x[:n]) // as gonum: zeros, even where x holds NaN or Inf
	case alpha == 0:
		for i := 0; i < n*incX; i += incX {
			x[i] = 0
		}
	case incX == 1:
		k.Scal(alpha, x[:n])
	default:
		k.ScalInc(n, alpha, x, incX)
	}
}

func asum[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int) T {
	if !checkOne(n, len(x), incX) {
		return 0
	}
	if incX == 1 {
		return k.Asum(x[:n])
	}
	return k.AsumInc(n, x, incX)
}

func iamax[T kernels.Float](k *kernels.Vec[T], n int, x []T, incX int) int {
	if !checkOne(n, len(x), incX) {
		return -1
	}
	return k.Iamax(n, x, incX)
}
