package nn

import (
	"fmt"
	"math"
)

// SoftmaxCrossEntropy is the mean over a batch of the cross-entropy of
// the softmax of logits against integer class labels, computed with its
// gradient in one pass. It subtracts each row's maximum before
// exponentiating and sums in float64, so that large logits neither
// overflow nor lose the loss.
type SoftmaxCrossEntropy struct {
	grad Tensor
}

// NewSoftmaxCrossEntropy returns the loss.
func NewSoftmaxCrossEntropy() *SoftmaxCrossEntropy { return &SoftmaxCrossEntropy{} }

func (s *SoftmaxCrossEntropy) String() string { return "SoftmaxCrossEntropy" }

// Forward returns the mean loss of logits [N classes] against labels, N
// of them in [0, classes), and keeps its gradient with respect to the
// logits, (softmax - onehot)/N, for Grad. It panics where the shapes or a
// label do not fit.
func (s *SoftmaxCrossEntropy) Forward(logits *Tensor, labels []int) float32 {
	checkLabels(s, "logits", logits, labels)
	n, c := logits.Shape[0], logits.Shape[1]
	s.grad.resize(n, c)
	var total float64
	inv := 1 / float64(n)
	for i, label := range labels {
		row := logits.Data[i*c : (i+1)*c]
		g := s.grad.Data[i*c : (i+1)*c]
		m, lse := logSumExp(row)
		total += lse - float64(row[label]-m)
		for j, v := range row {
			g[j] = float32(math.Exp(float64(v-m)-lse) * inv)
		}
		g[label] -= float32(inv)
	}
	return float32(total * inv)
}

// Grad returns the gradient of the last Forward's loss with respect to its
// logits, owned by s until its next Forward.
func (s *SoftmaxCrossEntropy) Grad() *Tensor { return &s.grad }

// logSumExp returns the largest element m of row (NaN if there is one) and
// log(sum of exp(row[j] - m)) accumulated in float64: row's log-sum-exp
// is m + lse, computed without overflow however large the elements are.
func logSumExp(row []float32) (m float32, lse float64) {
	m = vec().Max(row)
	var sum float64
	for _, v := range row {
		sum += math.Exp(float64(v - m))
	}
	return m, math.Log(sum)
}

// checkLabels panics unless x, what the loss l calls its input, is
// [N classes] with one label in [0, classes) for each of its N rows.
func checkLabels(l fmt.Stringer, what string, x *Tensor, labels []int) {
	if len(x.Shape) != 2 || x.Shape[0] != len(labels) {
		badShape(l, what, x.Shape, fmt.Sprintf("[%d classes] for %d labels", len(labels), len(labels)))
	}
	for i, label := range labels {
		if label < 0 || label >= x.Shape[1] {
			panic(fmt.Sprintf("nn: %s got label %d at %d, want [0, %d)", l, label, i, x.Shape[1]))
		}
	}
}

// checkTarget panics unless target has the shape of x, the loss l's input.
func checkTarget(l fmt.Stringer, x, target *Tensor) {
	if !sameShape(x.Shape, target.Shape) {
		badShape(l, "target", target.Shape, fmt.Sprintf("%v, the input's shape", x.Shape))
	}
}

// Argmax writes into classes the index of the largest logit of each row of
// logits [N classes], the first where several tie (or the first NaN:
// kernels.Vec.Argmax), and returns classes (reallocated if short).
func Argmax(logits *Tensor, classes []int) []int {
	if len(logits.Shape) != 2 {
		panic(fmt.Sprintf("nn: Argmax got logits %v, want [N classes]", logits.Shape))
	}
	n, c := logits.Shape[0], logits.Shape[1]
	if cap(classes) < n {
		classes = make([]int, n)
	}
	classes = classes[:n]
	for i := range n {
		classes[i] = vec().Argmax(logits.Data[i*c : (i+1)*c])
	}
	return classes
}
