package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// byteSet is a Dataset kept as bytes, each sample converted as Batches
// asks for it.
type byteSet struct {
	pixels []byte // 2 per sample
	labels []int
}

func (s byteSet) Len() int           { return len(s.labels) }
func (s byteSet) SampleShape() []int { return []int{1, 2} }
func (s byteSet) Sample(i int, dst []float32) int {
	dst[0], dst[1] = float32(s.pixels[2*i]), float32(s.pixels[2*i+1])
	return s.labels[i]
}

func TestBatchesOfADataset(t *testing.T) {
	set := byteSet{pixels: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, labels: []int{0, 1, 2, 3, 4}}
	b := NewBatchesOf(set, 2, NewRand(3))
	var seen []int
	var sizes []int
	for x, labels, ok := b.Next(); ok; x, labels, ok = b.Next() {
		require.Equal(t, []int{len(labels), 1, 2}, x.Shape)
		for i, l := range labels {
			require.Equal(t, []float32{float32(2*l + 1), float32(2*l + 2)}, x.Data[2*i:2*i+2], "sample %d's pixels", l)
		}
		seen = append(seen, labels...)
		sizes = append(sizes, len(labels))
	}
	require.Equal(t, []int{0, 1, 2, 3, 4}, seen, "in order until Shuffle")
	require.Equal(t, []int{2, 2, 1}, sizes)

	b.Shuffle()
	seen = seen[:0]
	for _, labels, ok := b.Next(); ok; _, labels, ok = b.Next() {
		seen = append(seen, labels...)
	}
	require.ElementsMatch(t, []int{0, 1, 2, 3, 4}, seen)
	require.NotEqual(t, []int{0, 1, 2, 3, 4}, seen, "shuffled (seed 3)")
	require.Zero(t, testing.AllocsPerRun(3, func() {
		b.Reset()
		for _, _, ok := b.Next(); ok; _, _, ok = b.Next() {
		}
	}), "iterating a Dataset allocates nothing")
	require.PanicsWithValue(t, "nn: NewBatches got 5 samples of shape [1 2], batch size 0", func() { NewBatchesOf(set, 0, nil) })
}
