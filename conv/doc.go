// Package conv is 2-D convolution and pooling on simdla's GEMM engine,
// forward and backward, in float32 and float64, in PyTorch's layouts: NCHW
// activations and KCRS filters, so PyTorch's weights load unchanged.
//
// A Plan is one convolution's shape, checked once, with its tables and
// buffers: Forward, BackwardData, BackwardFilter and BackwardBias then
// allocate nothing. The forward pass is an implicit GEMM, per image and
// group
//
//	y[K, P*Q] = w[K, C*R*S] × im2col(x)[C*R*S, P*Q]
//
// where the engine reads B from the image's phases where they lie
// (phases.go) or packs its panels straight from the image (im2col.go),
// never a whole im2col matrix, and finishes each block of y with the
// epilogue (bias, activation, residual add) while it is in cache. With
// few output channels per group (16 at most), where filling im2col's
// panels costs as much as the multiply-adds, the forward pass is a direct
// convolution on the phases instead (direct.go, the ConvRows kernel). A 1x1
// convolution of stride 1 without padding multiplies by x where it lies;
// one of one input channel per group runs on stencil kernels, an output
// plane at a time (depthwise.go). The filter gradient is dy × im2col(x)^T,
// read the same way; the input gradient is w^T × dy, scattered back
// through the window (col2im, or at unit strides wide rows, one pass per
// tap), or the convolution of dy with the filter turned round. The
// transposed convolution is the input gradient run forward (Transposed).
//
// Threads take whole images of a batch (or, for one image, the engine
// splits its GEMM), with blas.SetThreads' limit and GOMAXPROCS as for
// GEMM, and every result is the same bit for bit for every thread count:
// no sum is split among threads in a way that depends on their number (the
// filter gradient cuts the batch into at most four runs of images fixed by
// the batch size, sums each in image order, then adds the runs in order).
//
// Every exported function checks its arguments and panics, naming the
// parameter and its value, before it computes anything.
package conv
