package kernels

// GemmDefinition exposes the pure-Go micro-kernel definition to the tests.
func GemmDefinition[T Float](mr, nr int) GemmKernel[T] { return gemmKernel[T](mr, nr) }
