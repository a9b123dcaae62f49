// Package nn trains small neural networks on simdla's kernels: float32
// tensors, layers with forward and backward passes, losses (a fused
// softmax cross-entropy, NLL, MSE, binary cross-entropy on logits), SGD
// and Adam on fused update kernels, learning-rate schedules, gradient
// clipping, seeded initialisation and batching.
//
// A Layer's Forward returns a tensor the layer owns, valid until its next
// Forward; Backward returns the gradient of its input, valid until its
// next Backward, and adds the gradients of its parameters to their Grad
// (ZeroGrad clears them). Layers keep their buffers, so that once the
// first batch of a given size has run, a training step allocates nothing.
// Every multiply runs on fused.Gemm or conv, whose results are the same
// bit for bit for every number of threads; the rest of nn computes in a
// fixed order on one goroutine, so that training from the same seed gives
// the same weights bit for bit whatever blas.SetThreads says.
//
// Layers check the shapes they are given and panic with a message naming
// the layer and both shapes, e.g. "nn: Linear(784->256) got input [64 100],
// want [N 784]".
package nn
