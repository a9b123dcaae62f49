package nn

import (
	"fmt"
	"math/rand/v2"
)

// Batches cuts a data set into batches, in an order shuffled from its own
// seeded generator at every Shuffle: x holds the samples along its first
// axis, labels one integer per sample. Next copies each batch into
// buffers it keeps, so that iterating allocates nothing.
type Batches struct {
	X      *Tensor
	Labels []int
	Size   int

	rng    *rand.Rand
	order  []int
	at     int
	x      Tensor
	labels []int
	shape  []int
}

// NewBatches returns batches of size samples of x and labels, in their
// order until Shuffle; rng draws the shuffles (nil: Shuffle must not be
// called).
func NewBatches(x *Tensor, labels []int, size int, rng *rand.Rand) *Batches {
	if len(x.Shape) == 0 || x.Shape[0] != len(labels) || size <= 0 {
		panic(fmt.Sprintf("nn: NewBatches got samples %v, %d labels, batch size %d", x.Shape, len(labels), size))
	}
	b := &Batches{X: x, Labels: labels, Size: size, rng: rng, order: make([]int, len(labels))}
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
	per := numel(b.X.Shape[1:])
	b.shape = append(append(b.shape[:0], m), b.X.Shape[1:]...)
	b.x.resize(b.shape...)
	if cap(b.labels) < m {
		b.labels = make([]int, b.Size)
	}
	b.labels = b.labels[:m]
	for i, s := range b.order[b.at : b.at+m] {
		copy(b.x.Data[i*per:(i+1)*per], b.X.Data[s*per:(s+1)*per])
		b.labels[i] = b.Labels[s]
	}
	b.at += m
	return &b.x, b.labels, true
}
