package fused

import (
	"fmt"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Epilogue is what a GEMM does to C's elements once they are computed:
// with the GEMM's result G = alpha*op(A)*op(B) + beta*C, C becomes
//
//	C(i,j) = Act(G(i,j) + bias + Residual(i,j))
//
// where bias is Bias[i] (one per row: a convolution's output channels), or
// Bias[j] with BiasPerColumn (one per column: a fully connected layer's
// outputs), each term added in that order and left out when its slice is
// nil. The zero Epilogue leaves G as it is.
type Epilogue[T Float] struct {
	Bias          []T
	BiasPerColumn bool
	// Residual is an M×N matrix, rows LdResidual elements apart: a residual
	// block's shortcut.
	Residual   []T
	LdResidual int
	Act        Activation
	// Slope is LeakyReLU's slope below zero.
	Slope T
}

// Finish applies e to the rows×cols region of C whose first element,
// element (i, j) of C, is c[0]: element (i+r, j+s) is c[r*ldc + s]. The
// engine calls it on regions as it finishes them; callers may too, on a
// matrix computed otherwise. The bias and residual must reach the region:
// Gemm checks them, Finish does not.
func (e *Epilogue[T]) Finish(c []T, ldc, i, j, rows, cols int) {
	v := vecOf[T]()
	for r := range rows {
		row := c[r*ldc : r*ldc+cols]
		act := e.Act
		switch {
		case e.Bias == nil:
		case e.BiasPerColumn:
			v.Axpy(1, e.Bias[j:j+cols], row)
		case act == ReLU && e.Residual == nil:
			v.AddBiasRelu(e.Bias[i+r], row, row)
			act = Identity
		default:
			v.AddBias(e.Bias[i+r], row, row)
		}
		if e.Residual != nil {
			at := (i+r)*e.LdResidual + j
			v.Axpy(1, e.Residual[at:at+cols], row)
		}
		activate(v, act, e.Slope, row)
	}
}

// check panics unless e fits an m×n C, naming the field at fault.
func (e *Epilogue[T]) check(m, n int) {
	e.Act.check()
	if e.Bias != nil {
		want, per := m, "row"
		if e.BiasPerColumn {
			want, per = n, "column"
		}
		if len(e.Bias) < want {
			panic(fmt.Sprintf("fused: Bias has %d elements, C needs one per %s: %d", len(e.Bias), per, want))
		}
	}
	if e.Residual != nil && m > 0 && n > 0 {
		if e.LdResidual < n {
			panic(fmt.Sprintf("fused: LdResidual = %d, less than the %d columns of C", e.LdResidual, n))
		}
		if need := (m-1)*e.LdResidual + n; len(e.Residual) < need {
			panic(fmt.Sprintf("fused: Residual has %d elements, %dx%d C with LdResidual %d needs %d", len(e.Residual), m, n, e.LdResidual, need))
		}
	}
}

// vecOf returns the kernels dispatch chose for T.
func vecOf[T Float]() *kernels.Vec[T] {
	return pool.ByType[kernels.Vec[T]](&dispatch.F32().Vec, &dispatch.F64().Vec)
}
