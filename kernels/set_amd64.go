//go:build !purego

package kernels

// compiled lists the tables this build has.
var compiled = []*Set{generic, avx2, avx512}

var avx2 = &Set{
	ISA: AVX2,
	F32: Float32{
		Vec: Vec[float32]{
			Dot: dotF32AVX2, DotInc: dotF32IncAVX2,
			Axpy: axpyF32AVX2, AxpyInc: axpyF32IncAVX2,
			Scal: scalF32AVX2, ScalInc: scalF32IncAVX2,
			CopyInc: copyF32IncAVX2,
			Swap:    swapF32AVX2, SwapInc: swapF32IncAVX2,
			Asum: asumF32AVX2, AsumInc: asumF32IncAVX2, AddAbs: addAbsF32AVX2,
			Rot: rotF32AVX2, RotInc: rotF32IncAVX2,
			MaxAbs: maxAbsF32AVX2, MaxAbsInc: maxAbsF32IncAVX2,
			Sum: sumF32AVX2, Max: maxF32AVX2, Min: minF32AVX2,
			DotRows: dotRowsF32AVX2, AxpyRows: axpyRowsF32AVX2,
			Transpose: transposeF32AVX2,
			Gemm: gemmOf(6, 16, 168, 256, 4080,
				map[int]GemmKernel[float32]{6: gemm6x16F32AVX2, 4: gemm4x16F32AVX2, 2: gemm2x16F32AVX2, 1: gemm1x16F32AVX2},
				map[int]GemmKernel[float32]{6: gemm6x8F32AVX2, 4: gemm4x8F32AVX2, 2: gemm2x8F32AVX2, 1: gemm1x8F32AVX2}, gemmPack6x16F32AVX2,
				copy6F32AVX2, copy16F32AVX2, transposeF32AVX2),
			Peak: peakOf(peakF32AVX2, x86PeakFMAs, 8),
		},
		Dsdot: dsdotF32AVX2, DsdotInc: dsdotF32IncAVX2,
		SumSquares: sumSquaresF32AVX2, SumSquaresInc: sumSquaresF32IncAVX2,
	},
	F64: Float64{
		Vec: Vec[float64]{
			Dot: dotF64AVX2, DotInc: dotF64IncAVX2,
			Axpy: axpyF64AVX2, AxpyInc: axpyF64IncAVX2,
			Scal: scalF64AVX2, ScalInc: scalF64IncAVX2,
			CopyInc: copyF64IncAVX2,
			Swap:    swapF64AVX2, SwapInc: swapF64IncAVX2,
			Asum: asumF64AVX2, AsumInc: asumF64IncAVX2, AddAbs: addAbsF64AVX2,
			Rot: rotF64AVX2, RotInc: rotF64IncAVX2,
			MaxAbs: maxAbsF64AVX2, MaxAbsInc: maxAbsF64IncAVX2,
			Sum: sumF64AVX2, Max: maxF64AVX2, Min: minF64AVX2,
			DotRows: dotRowsF64AVX2, AxpyRows: axpyRowsF64AVX2,
			Transpose: transposeF64AVX2,
			Gemm: gemmOf(6, 8, 72, 256, 4080,
				map[int]GemmKernel[float64]{6: gemm6x8F64AVX2, 4: gemm4x8F64AVX2, 2: gemm2x8F64AVX2, 1: gemm1x8F64AVX2},
				map[int]GemmKernel[float64]{6: gemm6x4F64AVX2, 4: gemm4x4F64AVX2, 2: gemm2x4F64AVX2, 1: gemm1x4F64AVX2}, gemmPack6x8F64AVX2,
				copy6F64AVX2, copy8F64AVX2, transposeF64AVX2),
			Peak: peakOf(peakF64AVX2, x86PeakFMAs, 4),
		},
		SumSquares: sumSquaresF64AVX2, SumSquaresInc: sumSquaresF64IncAVX2,
	},
}

// avx512 has its own unit-stride kernels; the strided ones are AVX2's, whose
// scalar loops gain nothing from wider vectors.
var avx512 = &Set{
	ISA: AVX512,
	F32: Float32{
		Vec: Vec[float32]{
			Dot: dotF32AVX512, DotInc: dotF32IncAVX2,
			Axpy: axpyF32AVX512, AxpyInc: axpyF32IncAVX2,
			Scal: scalF32AVX512, ScalInc: scalF32IncAVX2,
			CopyInc: copyF32IncAVX2,
			Swap:    swapF32AVX512, SwapInc: swapF32IncAVX2,
			Asum: asumF32AVX512, AsumInc: asumF32IncAVX2, AddAbs: addAbsF32AVX512,
			Rot: rotF32AVX512, RotInc: rotF32IncAVX2,
			MaxAbs: maxAbsF32AVX512, MaxAbsInc: maxAbsF32IncAVX2,
			Sum: sumF32AVX512, Max: maxF32AVX512, Min: minF32AVX512,
			DotRows: dotRowsF32AVX512, AxpyRows: axpyRowsF32AVX512,
			Transpose: transposeF32AVX2,
			Gemm: gemmOf(14, 32, 168, 384, 4096,
				map[int]GemmKernel[float32]{14: gemm14x32F32AVX512, 8: gemm8x32F32AVX512, 4: gemm4x32F32AVX512, 2: gemm2x32F32AVX512, 1: gemm1x32F32AVX512},
				map[int]GemmKernel[float32]{14: gemm14x16F32AVX512, 8: gemm8x16F32AVX512, 4: gemm4x16F32AVX512, 2: gemm2x16F32AVX512, 1: gemm1x16F32AVX512}, gemmPack14x32F32AVX512,
				copy14F32AVX512, copy32F32AVX512, transposeF32AVX2),
			Peak: peakOf(peakF32AVX512, x86PeakFMAs, 16),
		},
		Dsdot: dsdotF32AVX512, DsdotInc: dsdotF32IncAVX2,
		SumSquares: sumSquaresF32AVX512, SumSquaresInc: sumSquaresF32IncAVX2,
	},
	F64: Float64{
		Vec: Vec[float64]{
			Dot: dotF64AVX512, DotInc: dotF64IncAVX2,
			Axpy: axpyF64AVX512, AxpyInc: axpyF64IncAVX2,
			Scal: scalF64AVX512, ScalInc: scalF64IncAVX2,
			CopyInc: copyF64IncAVX2,
			Swap:    swapF64AVX512, SwapInc: swapF64IncAVX2,
			Asum: asumF64AVX512, AsumInc: asumF64IncAVX2, AddAbs: addAbsF64AVX512,
			Rot: rotF64AVX512, RotInc: rotF64IncAVX2,
			MaxAbs: maxAbsF64AVX512, MaxAbsInc: maxAbsF64IncAVX2,
			Sum: sumF64AVX512, Max: maxF64AVX512, Min: minF64AVX512,
			DotRows: dotRowsF64AVX512, AxpyRows: axpyRowsF64AVX512,
			Transpose: transposeF64AVX2,
			Gemm: gemmOf(14, 16, 168, 384, 4080,
				map[int]GemmKernel[float64]{14: gemm14x16F64AVX512, 8: gemm8x16F64AVX512, 4: gemm4x16F64AVX512, 2: gemm2x16F64AVX512, 1: gemm1x16F64AVX512},
				map[int]GemmKernel[float64]{14: gemm14x8F64AVX512, 8: gemm8x8F64AVX512, 4: gemm4x8F64AVX512, 2: gemm2x8F64AVX512, 1: gemm1x8F64AVX512}, gemmPack14x16F64AVX512,
				copy14F64AVX512, copy16F64AVX512, transposeF64AVX2),
			Peak: peakOf(peakF64AVX512, x86PeakFMAs, 8),
		},
		SumSquares: sumSquaresF64AVX512, SumSquaresInc: sumSquaresF64IncAVX2,
	},
}
