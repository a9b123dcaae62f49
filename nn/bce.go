package nn

import "math"

// BCEWithLogitsLoss is the mean binary cross-entropy between the sigmoid of
// logits and targets in [0, 1] of their shape, over all their elements:
// PyTorch's nn.BCEWithLogitsLoss with reduction 'mean' and neither weight
// nor pos_weight. Each element's loss is computed in float64 in the stable
// form max(x, 0) - x*t + log(1 + exp(-|x|)), which neither overflows nor
// loses the loss to cancellation for logits of any size.
type BCEWithLogitsLoss struct {
	grad Tensor
}

// NewBCEWithLogitsLoss returns the loss.
func NewBCEWithLogitsLoss() *BCEWithLogitsLoss { return &BCEWithLogitsLoss{} }

func (s *BCEWithLogitsLoss) String() string { return "BCEWithLogitsLoss" }

// Forward returns the mean loss of logits against target and keeps its
// gradient with respect to the logits, (sigmoid(x) - t)/numel, for Grad.
// It panics unless target has the logits' shape; it does not check that
// the targets lie in [0, 1], as PyTorch does not.
func (s *BCEWithLogitsLoss) Forward(logits, target *Tensor) float32 {
	checkTarget(s, logits, target)
	s.grad.resize(logits.Shape...)
	inv := 1 / float64(len(logits.Data))
	var total float64
	for i, v := range logits.Data {
		x, t := float64(v), float64(target.Data[i])
		total += max(x, 0) - x*t + math.Log1p(math.Exp(-math.Abs(x)))
		s.grad.Data[i] = float32((sigmoid(x) - t) * inv)
	}
	return float32(total * inv)
}

// Grad returns the gradient of the last Forward's loss with respect to the
// logits, owned by s until its next Forward.
func (s *BCEWithLogitsLoss) Grad() *Tensor { return &s.grad }

// sigmoid returns 1/(1 + exp(-x)), through exp(x)/(1 + exp(x)) for
// negative x, so that exp never overflows.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
