package mnist

import (
	"math/rand/v2"
	"time"

	"github.com/simdla/simdla/nn"
)

// Stats describes an epoch of training so far: its steps and the images
// they took, the mean loss per image, the percentage of the images that
// the network classified right (before each step's update), and the time
// since the epoch began.
type Stats struct {
	Steps, Images  int
	Loss, Accuracy float64
	Elapsed        time.Duration
}

// Trainer trains a network to classify a data set (a Set) by softmax
// cross-entropy, an epoch at a time.
type Trainer struct {
	Net *nn.Sequential
	Opt nn.Optimizer
	// Progress, where set, is called after every step with the epoch's
	// Stats so far.
	Progress func(Stats)

	loss    *nn.SoftmaxCrossEntropy
	batches *nn.Batches
	classes []int
}

// NewTrainer returns a Trainer that updates net with opt on set in
// batches of batch images, shuffled by rng at every epoch. It sets
// net.SkipInputGrad, since the images need no gradient.
func NewTrainer(net *nn.Sequential, opt nn.Optimizer, set nn.Dataset, batch int, rng *rand.Rand) *Trainer {
	net.SkipInputGrad = true
	return &Trainer{Net: net, Opt: opt, loss: nn.NewSoftmaxCrossEntropy(),
		batches: nn.NewBatchesOf(set, batch, rng)}
}

// Epoch puts the network in training mode and trains it once over the
// set, in a new order, and returns the epoch's Stats.
func (t *Trainer) Epoch() Stats {
	nn.SetTraining(t.Net, true)
	t.batches.Shuffle()
	var s Stats
	var loss float64
	var right int
	start := time.Now()
	for x, labels, ok := t.batches.Next(); ok; x, labels, ok = t.batches.Next() {
		t.Net.ZeroGrad()
		logits := t.Net.Forward(x)
		loss += float64(t.loss.Forward(logits, labels)) * float64(len(labels))
		t.classes = nn.Argmax(logits, t.classes)
		right += correct(t.classes, labels)
		t.Net.Backward(t.loss.Grad())
		t.Opt.Step()
		s.Steps++
		s.Images += len(labels)
		s.Loss, s.Accuracy = loss/float64(s.Images), percent(right, s.Images)
		s.Elapsed = time.Since(start)
		if t.Progress != nil {
			t.Progress(s)
		}
	}
	return s
}

// Accuracy returns the percentage of set's images that net classifies
// right, run in batches of batch images in evaluation mode (nn.SetTraining
// false), in which it leaves net.
func Accuracy(net nn.Layer, set nn.Dataset, batch int) float64 {
	nn.SetTraining(net, false)
	b := nn.NewBatchesOf(set, batch, nil)
	var right int
	var classes []int
	for x, labels, ok := b.Next(); ok; x, labels, ok = b.Next() {
		classes = nn.Argmax(net.Forward(x), classes)
		right += correct(classes, labels)
	}
	return percent(right, set.Len())
}

// correct returns how many of classes equal labels.
func correct(classes, labels []int) int {
	n := 0
	for i, c := range classes {
		if c == labels[i] {
			n++
		}
	}
	return n
}

func percent(n, of int) float64 { return 100 * float64(n) / float64(of) }
