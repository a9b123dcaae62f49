package kernels_test

import (
	"math"

	"github.com/simdla/simdla/kernels"
)

// vecOf returns the kernels of element type T in set.
func vecOf[T kernels.Float](set *kernels.Set) *kernels.Vec[T] {
	if v, ok := any(&set.F32.Vec).(*kernels.Vec[T]); ok {
		return v
	}
	return any(&set.F64.Vec).(*kernels.Vec[T])
}

func maxAbsOf[T kernels.Float](s []T) float64 {
	var m float64
	for _, v := range s {
		m = max(m, math.Abs(float64(v)))
	}
	return m
}

func sumAbsOf[T kernels.Float](s []T, f func(float64) float64) float64 {
	var m float64
	for _, v := range s {
		m += math.Abs(f(float64(v)))
	}
	return m
}

func id(v float64) float64 { return v }

// index returns the index of element i of n at increment inc, as BLAS
// walks it.
func index(i, n, inc int) int {
	if inc < 0 {
		return (i + 1 - n) * inc
	}
	return i * inc
}

// dotMagnitude is the sum of |x[i]*y[i]| over the elements a call visits.
func dotMagnitude[T kernels.Float](a *args[T]) float64 {
	var m float64
	for i := 0; i < a.n; i++ {
		m += math.Abs(float64(a.x[index(i, a.n, a.incX)]) * float64(a.y[index(i, a.n, a.incY)]))
	}
	return m
}

func r1[T kernels.Float](v T) []float64 { return []float64{float64(v)} }

// vecCases lists every kernel of Vec[T], unit stride and strided.
func vecCases[T kernels.Float]() []kernelCase[T] {
	e := eps[T]()
	dotTol := func(a *args[T]) float64 { return sumTol(a.n, e, dotMagnitude(a)) }
	absTol := func(a *args[T]) float64 { return sumTol(a.n, e, sumAbsOf(a.x, id)) }
	axpyTol := func(a *args[T]) float64 {
		return 2 * e * (math.Abs(float64(a.alpha))*maxAbsOf(a.x) + maxAbsOf(a.y))
	}
	v := vecOf[T]
	return []kernelCase[T]{
		{name: "Dot", slices: 2, tol: dotTol, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).Dot(a.x, a.y)) }},
		{name: "DotInc", strided: true, slices: 2, tol: dotTol, run: func(s *kernels.Set, a *args[T]) []float64 {
			return r1(v(s).DotInc(a.n, a.x, a.incX, a.y, a.incY))
		}},
		{name: "Axpy", slices: 2, tol: axpyTol, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).Axpy(a.alpha, a.x, a.y); return nil }},
		{name: "AxpyInc", strided: true, slices: 2, tol: axpyTol, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).AxpyInc(a.n, a.alpha, a.x, a.incX, a.y, a.incY)
			return nil
		}},
		{name: "Scal", slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).Scal(a.alpha, a.x); return nil }},
		{name: "ScalInc", strided: true, slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).ScalInc(a.n, a.alpha, a.x, a.incX)
			return nil
		}},
		{name: "CopyInc", strided: true, slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).CopyInc(a.n, a.x, a.incX, a.y, a.incY)
			return nil
		}},
		{name: "Swap", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).Swap(a.x, a.y); return nil }},
		{name: "SwapInc", strided: true, slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).SwapInc(a.n, a.x, a.incX, a.y, a.incY)
			return nil
		}},
		{name: "Asum", slices: 1, tol: absTol, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).Asum(a.x)) }},
		{name: "AsumInc", strided: true, slices: 1, tol: absTol, run: func(s *kernels.Set, a *args[T]) []float64 {
			return r1(v(s).AsumInc(a.n, a.x, a.incX))
		}},
		{name: "AddAbs", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).AddAbs(a.x, a.y); return nil }},
		{name: "Rot", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).Rot(a.h[0], a.h[1], a.h[2], a.h[3], a.x, a.y)
			return nil
		}},
		{name: "RotInc", strided: true, slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).RotInc(a.n, a.h[0], a.h[1], a.h[2], a.h[3], a.x, a.incX, a.y, a.incY)
			return nil
		}},
		{name: "MaxAbs", slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).MaxAbs(a.x)) }},
		{name: "MaxAbsInc", strided: true, slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 {
			return r1(v(s).MaxAbsInc(a.n, a.x, a.incX))
		}},
		{name: "Sum", slices: 1, tol: absTol, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).Sum(a.x)) }},
		{name: "Max", slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).Max(a.x)) }},
		{name: "Min", slices: 1, run: func(s *kernels.Set, a *args[T]) []float64 { return r1(v(s).Min(a.x)) }},
		{name: "Relu", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).Relu(a.x, a.y); return nil }},
		{name: "AddBias", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 { v(s).AddBias(a.alpha, a.x, a.y); return nil }},
		{name: "AddBiasRelu", slices: 2, run: func(s *kernels.Set, a *args[T]) []float64 {
			v(s).AddBiasRelu(a.alpha, a.x, a.y)
			return nil
		}},
	}
}

// f64Cases lists the kernels only Float64 has.
func f64Cases() []kernelCase[float64] {
	tol := func(a *args[float64]) float64 {
		s := float64(a.alpha)
		return sumTol(a.n, 0x1p-53, sumAbsOf(a.x, func(v float64) float64 { return s * v * s * v }))
	}
	return []kernelCase[float64]{
		{name: "SumSquares", slices: 1, tol: tol, run: func(s *kernels.Set, a *args[float64]) []float64 {
			sq, m := s.F64.SumSquares(a.alpha, a.x)
			return []float64{sq, m}
		}},
		{name: "SumSquaresInc", strided: true, slices: 1, tol: tol, run: func(s *kernels.Set, a *args[float64]) []float64 {
			sq, m := s.F64.SumSquaresInc(a.n, a.alpha, a.x, a.incX)
			return []float64{sq, m}
		}},
	}
}

// f32Cases lists the kernels only Float32 has, which accumulate in float64.
func f32Cases() []kernelCase[float32] {
	dotTol := func(a *args[float32]) float64 { return sumTol(a.n, 0x1p-53, dotMagnitude(a)) }
	sqTol := func(a *args[float32]) float64 {
		return sumTol(a.n, 0x1p-53, sumAbsOf(a.x, func(v float64) float64 { return v * v }))
	}
	return []kernelCase[float32]{
		{name: "Dsdot", slices: 2, tol: dotTol, run: func(s *kernels.Set, a *args[float32]) []float64 {
			return []float64{s.F32.Dsdot(a.x, a.y)}
		}},
		{name: "DsdotInc", strided: true, slices: 2, tol: dotTol, run: func(s *kernels.Set, a *args[float32]) []float64 {
			return []float64{s.F32.DsdotInc(a.n, a.x, a.incX, a.y, a.incY)}
		}},
		{name: "SumSquares", slices: 1, tol: sqTol, run: func(s *kernels.Set, a *args[float32]) []float64 {
			return []float64{s.F32.SumSquares(a.x)}
		}},
		{name: "SumSquaresInc", strided: true, slices: 1, tol: sqTol, run: func(s *kernels.Set, a *args[float32]) []float64 {
			return []float64{s.F32.SumSquaresInc(a.n, a.x, a.incX)}
		}},
	}
}
