package nn

import (
	"fmt"
	"math/rand/v2"
)

// Dataset is a set of labelled samples of one shape, which Batches copies
// a sample at a time into its batches: a set kept in a compact form (MNIST
// as bytes) is converted a batch at a time rather than held in float32.
type Dataset interface {
	// Len returns the number of samples.
	Len() int
	// SampleShape returns the shape of one sample.
	SampleShape() []int
	// Sample writes sample i into dst, of the sample's size, and returns
	// its label.
	Sample(i int, dst []float32) (label int)
}

// TensorSet is a Dataset held in a tensor: X holds the samples along its
// first axis, Labels one integer per sample.
type TensorSet struct {
	X      *Tensor
	Labels []int
}

// Len returns the number of samples.
func (s TensorSet) Len() int { return len(s.Labels) }

// SampleShape returns X's shape less its first axis.
func (s TensorSet) SampleShape() []int { return s.X.Shape[1:] }

// Sample copies sample i into dst and returns its label.
func (s TensorSet) Sample(i int, dst []float32) int {
	copy(dst, s.X.Data[i*len(dst):(i+1)*len(dst)])
	return s.Labels[i]
}

// Batches cuts a data set into batches, in an order shuffled from its own
// seeded generator at every Shuffle. Next copies each batch into buffers
// it keeps, so that iterating allocates nothing.
type Batches struct {
	Set  Dataset
	Size int

	sample []int // the shape of a sample
	rng    *rand.Rand
	order  []int
	at     int
	x      Tensor
	labels []int
	shape  []int
}

// NewBatches returns batches of size samples of x, along its first axis,
// and their labels, in their order until Shuffle; rng draws the shuffles
// (nil: Shuffle must not be called).
func NewBatches(x *Tensor, labels []int, size int, rng *rand.Rand) *Batches {
	if len(x.Shape) == 0 || x.Shape[0] != len(labels) {
		panic(fmt.Sprintf("nn: NewBatches got samples %v, %d labels, batch size %d", x.Shape, len(labels), size))
	}
	return NewBatchesOf(TensorSet{X: x, Labels: labels}, size, rng)
}

// NewBatchesOf returns batches of size samples of set, in its order until
// Shuffle; rng draws the shuffles (nil: Shuffle must not be called).
func NewBatchesOf(set Dataset, size int, rng *rand.Rand) *Batches {
	if size <= 0 {
		panic(fmt.Sprintf("nn: NewBatches got %d samples of shape %v, batch size %d", set.Len(), set.SampleShape(), size))
	}
	b := &Batches{Set: set, Size: size, sample: append([]int(nil), set.SampleShape()...), rng: rng, order: make([]int, set.Len())}
	for i := range b.order {
		b.order[i] = i
	}
	return b
}

// Shuffle puts the samples in a new random order, the same one for the
// same seed and calls, and starts again from the first batch.
func (b *Batches) Shuffle() {
	for i := len(b.order) - 1; i > 0; i-- {
		j := b.rng.IntN(i + 1)
		b.order[i], b.order[j] = b.order[j], b.order[i]
	}
	b.at = 0
}

// Reset starts again from the first batch, in the same order.
func (b *Batches) Reset() { b.at = 0 }

// Next returns the next batch, the last one possibly smaller, or ok false
// after the last. The tensor and slice are b's, overwritten by the next
// call.
func (b *Batches) Next() (x *Tensor, labels []int, ok bool) {
	n := len(b.order)
	if b.at >= n {
		return nil, nil, false
	}
	m := min(b.Size, n-b.at)
	per := numel(b.sample)
	b.shape = append(append(b.shape[:0], m), b.sample...)
	b.x.resize(b.shape...)
	if cap(b.labels) < m {
		b.labels = make([]int, b.Size)
	}
	b.labels = b.labels[:m]
	for i, s := range b.order[b.at : b.at+m] {
		b.labels[i] = b.Set.Sample(s, b.x.Data[i*per:(i+1)*per])
	}
	b.at += m
	return &b.x, b.labels, true
}
