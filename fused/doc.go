// Package fused is GEMM with its epilogue: C = act(alpha*op(A)*op(B) +
// beta*C + bias + residual), where the bias, the residual add and the
// activation run on each block of C as the engine finishes it, while it is
// still in cache, instead of in passes of their own over C in memory. It
// is the forward pass of a fully connected layer, and packages conv and nn
// build their layers on it.
//
// The activations are those of deep learning's layers (ReLU, ReLU6, leaky
// ReLU, sigmoid, tanh, GELU); Activate applies one to a slice on its own.
package fused
