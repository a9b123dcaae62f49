package kernels

// GemmDefinition exposes the pure-Go micro-kernel definition to the tests.
func GemmDefinition[T Float](mr, nr int) GemmKernel[T] { return gemmKernel[T](mr, nr) }

// GemmPackDefinition exposes the pure-Go definition of the packing kernel.
func GemmPackDefinition[T Float](mr, nr int) GemmPackKernel[T] {
	return packThenRun(copyBlock[T](nr), gemmKernel[T](mr, nr), nr)
}
