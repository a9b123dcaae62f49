package nn

import (
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
)

// vec returns the float32 kernels dispatch chose.
func vec() *kernels.Vec[float32] { return &dispatch.F32().Vec }
