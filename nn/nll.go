package nn

// NLLLoss is the mean over a batch of the negative log-likelihood of
// integer class labels under log-probabilities [N classes], a LogSoftmax's
// output: PyTorch's nn.NLLLoss with reduction 'mean' and neither class
// weights nor an ignored label, loss = -(sum over i of x[i, label_i])/N.
type NLLLoss struct {
	grad Tensor
}

// NewNLLLoss returns the loss.
func NewNLLLoss() *NLLLoss { return &NLLLoss{} }

func (s *NLLLoss) String() string { return "NLLLoss" }

// Forward returns the mean loss of logProbs [N classes] against labels, N
// of them in [0, classes), and keeps its gradient with respect to
// logProbs, -1/N at each label and 0 elsewhere, for Grad. It panics where
// the shapes or a label do not fit.
func (s *NLLLoss) Forward(logProbs *Tensor, labels []int) float32 {
	checkLabels(s, "log-probabilities", logProbs, labels)
	n, c := logProbs.Shape[0], logProbs.Shape[1]
	s.grad.resize(n, c)
	s.grad.Zero()
	inv := 1 / float64(n)
	var total float64
	for i, label := range labels {
		total -= float64(logProbs.Data[i*c+label])
		s.grad.Data[i*c+label] = float32(-inv)
	}
	return float32(total * inv)
}

// Grad returns the gradient of the last Forward's loss with respect to its
// log-probabilities, owned by s until its next Forward.
func (s *NLLLoss) Grad() *Tensor { return &s.grad }
