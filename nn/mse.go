package nn

// MSELoss is the mean squared error between a tensor and a target of its
// shape, over all their elements: PyTorch's nn.MSELoss with reduction
// 'mean', loss = (sum of (x[i] - target[i])²)/numel, summed in float64.
type MSELoss struct {
	grad Tensor
}

// NewMSELoss returns the loss.
func NewMSELoss() *MSELoss { return &MSELoss{} }

func (s *MSELoss) String() string { return "MSELoss" }

// Forward returns the mean squared error of x against target and keeps its
// gradient with respect to x, 2(x - target)/numel, for Grad. It panics
// unless target has x's shape.
func (s *MSELoss) Forward(x, target *Tensor) float32 {
	checkTarget(s, x, target)
	s.grad.resize(x.Shape...)
	inv := 1 / float64(len(x.Data))
	var total float64
	for i, v := range x.Data {
		d := float64(v) - float64(target.Data[i])
		total += d * d
		s.grad.Data[i] = float32(2 * d * inv)
	}
	return float32(total * inv)
}

// Grad returns the gradient of the last Forward's loss with respect to x,
// owned by s until its next Forward.
func (s *MSELoss) Grad() *Tensor { return &s.grad }
