// Package nn trains small neural networks on simdla's kernels: float32
// tensors and their operations, layers with forward and backward passes
// (Linear, Conv2d, ConvTranspose2d, the poolings, the activations,
// Softmax and LogSoftmax, Dropout, BatchNorm1d and 2d, LayerNorm,
// Embedding, Flatten, Sequential and Residual), losses (a fused softmax
// cross-entropy, NLL, MSE, binary cross-entropy on logits), SGD and Adam
// on fused update kernels, learning-rate schedules, gradient clipping,
// seeded initialisation and batching from any Dataset.
//
// Layers start in training mode; SetTraining switches a network, and in
// evaluation mode Dropout passes its input through, BatchNorm uses its
// running statistics, and a BatchNorm2d after a Conv2d is folded into it.
// A ReLU, Sigmoid, Tanh or LeakyReLU (of slope at least 0) after a Linear
// or Conv2d runs in its epilogue in either mode.
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
//
// StateDict names a model's parameters and buffers as PyTorch's state_dict
// does; Save and Load move them to and from safetensors files that
// PyTorch reads and writes.
package nn
