//go:build !purego

package kernels

// compiled lists the tables this build has.
var compiled = []*Set{generic, neon}

// neon is the arm64 Advanced SIMD table.
var neon = &Set{
	ISA: NEON,
	F32: Float32{
		Vec: Vec[float32]{
			Dot: dotF32NEON, DotInc: dotF32IncNEON,
			Axpy: axpyF32NEON, AxpyInc: axpyF32IncNEON,
			Scal: scalF32NEON, ScalInc: scalF32IncNEON,
			CopyInc: copyF32IncNEON,
			Swap:    swapF32NEON, SwapInc: swapF32IncNEON,
			Asum: asumF32NEON, AsumInc: asumF32IncNEON, AddAbs: addAbsF32NEON,
			Rot: rotF32NEON, RotInc: rotF32IncNEON,
			MaxAbs: maxAbsF32NEON, MaxAbsInc: maxAbsF32IncNEON,
			Sum: sumF32NEON, Max: maxF32NEON, Min: minF32NEON,
			DotRows: dotRowsF32NEON, AxpyRows: axpyRowsF32NEON,
			Transpose: transposeF32NEON,
			Gemm: columnPanels(gemmOf(6, 16, 120, 256, 4080,
				map[int]GemmKernel[float32]{6: gemm6x16F32NEON, 4: gemm4x16F32NEON, 2: gemm2x16F32NEON, 1: gemm1x16F32NEON},
				map[int]GemmKernel[float32]{6: gemm6x8F32NEON, 4: gemm4x8F32NEON, 2: gemm2x8F32NEON, 1: gemm1x8F32NEON}, gemmPack6x16F32NEON,
				copy6F32NEON, copy16F32NEON, transposeF32NEON)),
			Peak: peakOf(peakF32NEON, neonPeakFMAs, 4),
		},
		Dsdot: dsdotF32NEON, DsdotInc: dsdotF32IncNEON,
		SumSquares: sumSquaresF32NEON, SumSquaresInc: sumSquaresF32IncNEON,
	},
	F64: Float64{
		Vec: Vec[float64]{
			Dot: dotF64NEON, DotInc: dotF64IncNEON,
			Axpy: axpyF64NEON, AxpyInc: axpyF64IncNEON,
			Scal: scalF64NEON, ScalInc: scalF64IncNEON,
			CopyInc: copyF64IncNEON,
			Swap:    swapF64NEON, SwapInc: swapF64IncNEON,
			Asum: asumF64NEON, AsumInc: asumF64IncNEON, AddAbs: addAbsF64NEON,
			Rot: rotF64NEON, RotInc: rotF64IncNEON,
			MaxAbs: maxAbsF64NEON, MaxAbsInc: maxAbsF64IncNEON,
			Sum: sumF64NEON, Max: maxF64NEON, Min: minF64NEON,
			DotRows: dotRowsF64NEON, AxpyRows: axpyRowsF64NEON,
			Transpose: transposeF64NEON,
			Gemm: columnPanels(gemmOf(6, 8, 120, 256, 4080,
				map[int]GemmKernel[float64]{6: gemm6x8F64NEON, 4: gemm4x8F64NEON, 2: gemm2x8F64NEON, 1: gemm1x8F64NEON},
				map[int]GemmKernel[float64]{6: gemm6x4F64NEON, 4: gemm4x4F64NEON, 2: gemm2x4F64NEON, 1: gemm1x4F64NEON}, gemmPack6x8F64NEON,
				copy6F64NEON, copy8F64NEON, transposeF64NEON)),
			Peak: peakOf(peakF64NEON, neonPeakFMAs, 2),
		},
		SumSquares: sumSquaresF64NEON, SumSquaresInc: sumSquaresF64IncNEON,
	},
}

// columnPanels marks g's kernels as faster on A packed in column panels:
// FMLA by element takes A's elements from vectors loaded whole, where other
// layouts need a replicating load (VLD1R) for each.
func columnPanels[T Float](g Gemm[T]) Gemm[T] {
	g.ColumnPanels = true
	return g
}
