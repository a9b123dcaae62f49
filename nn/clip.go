package nn

import (
	"fmt"
	"math"

	"github.com/simdla/simdla/dispatch"
)

// ClipGradNorm scales the gradients of params together so that their
// total 2-norm is at most maxNorm, and returns the norm they had:
// PyTorch's torch.nn.utils.clip_grad_norm_ with norm_type 2. The norm is
// the square root of the sum of the squares of every gradient's elements,
// accumulated in float64 in the order of params (kernels'
// Float32.SumSquares, on which Nrm2 stands: no float32 gradient overflows
// or underflows it). Where maxNorm/(norm + 1e-6), computed in float32 as
// PyTorch does, is below 1, every gradient is multiplied by it
// (kernels.Vec.Scal); a NaN or infinite norm multiplies them by NaN or 0,
// as PyTorch does without error_if_nonfinite. It panics unless
// maxNorm >= 0.
func ClipGradNorm(params []*Param, maxNorm float32) float32 {
	if !(maxNorm >= 0) {
		panic(fmt.Sprintf("nn: ClipGradNorm got maxNorm %v, want >= 0", maxNorm))
	}
	var sum float64
	for i, p := range params {
		if p == nil || p.Grad == nil {
			panic(fmt.Sprintf("nn: ClipGradNorm got a nil parameter or gradient at %d", i))
		}
		sum += dispatch.F32().SumSquares(p.Grad.Data)
	}
	norm := float32(math.Sqrt(sum))
	if coef := maxNorm / (norm + 1e-6); !(coef >= 1) {
		for _, p := range params {
			vec().Scal(coef, p.Grad.Data)
		}
	}
	return norm
}
