package nn

import (
	"testing"

	"github.com/simdla/simdla/internal/par"
	"github.com/stretchr/testify/require"
)

// blobs returns n samples of dim features in classes clusters, each
// cluster around its own random centre: a task a small network learns.
func blobs(n, dim, classes int, seed uint64) (*Tensor, []int) {
	rng := NewRand(seed)
	centres := make([]float32, classes*dim)
	for i := range centres {
		centres[i] = 2*rng.Float32() - 1
	}
	x, labels := NewTensor(n, dim), make([]int, n)
	for i := range n {
		c := rng.IntN(classes)
		labels[i] = c
		for j := range dim {
			x.Data[i*dim+j] = centres[c*dim+j] + 0.3*float32(rng.NormFloat64())
		}
	}
	return x, labels
}

// trainer holds a small network and what trains it.
type trainer struct {
	net     *Sequential
	loss    *SoftmaxCrossEntropy
	opt     Optimizer
	batches *Batches
}

func newTrainer(seed uint64, adam bool) *trainer {
	rng := NewRand(seed)
	x, labels := blobs(250, 16, 4, 7) // 7 batches of 32 and one of 26
	net := NewSequential(NewLinear(16, 32, rng), NewReLU(), NewLinear(32, 32, rng), NewReLU(), NewLinear(32, 4, rng))
	var opt Optimizer
	if adam {
		opt = NewAdamW(net.Params(), 1e-2, 1e-2)
	} else {
		sgd := NewSGD(net.Params(), 0.05)
		sgd.Momentum, sgd.Nesterov, sgd.WeightDecay = 0.9, true, 1e-4
		opt = sgd
	}
	net.SkipInputGrad = true
	return &trainer{net: net, loss: NewSoftmaxCrossEntropy(), opt: opt, batches: NewBatches(x, labels, 32, rng)}
}

// step trains on the next batch, starting a new shuffled epoch where the
// last one ended, and returns the batch's loss.
func (tr *trainer) step() float32 {
	x, labels, ok := tr.batches.Next()
	if !ok {
		tr.batches.Shuffle()
		x, labels, _ = tr.batches.Next()
	}
	tr.net.ZeroGrad()
	loss := tr.loss.Forward(tr.net.Forward(x), labels)
	tr.net.Backward(tr.loss.Grad())
	tr.opt.Step()
	return loss
}

// epochLoss returns the mean loss over the whole data set, in batches.
func (tr *trainer) epochLoss() float64 {
	b := NewBatchesOf(tr.batches.Set, 64, nil)
	var sum float64
	for x, labels, ok := b.Next(); ok; x, labels, ok = b.Next() {
		sum += float64(tr.loss.Forward(tr.net.Forward(x), labels)) * float64(len(labels))
	}
	return sum / float64(tr.batches.Set.Len())
}

func TestTrainingLossFalls(t *testing.T) {
	for _, adam := range []bool{false, true} {
		tr := newTrainer(1, adam)
		before := tr.epochLoss()
		for range 80 {
			tr.step()
		}
		after := tr.epochLoss()
		require.Less(t, after, before/5, "adam %v: loss from %g to %g", adam, before, after)
	}
}

func weights(s *Sequential) [][]float32 {
	var w [][]float32
	for _, p := range s.Params() {
		w = append(w, append([]float32(nil), p.Value.Data...))
	}
	return w
}

func TestTrainingDeterministic(t *testing.T) {
	defer par.SetThreads(0)
	run := func(threads int, adam bool) [][]float32 {
		par.SetThreads(threads)
		tr := newTrainer(42, adam)
		for range 20 {
			tr.step()
		}
		return weights(tr.net)
	}
	for _, adam := range []bool{false, true} {
		one := run(1, adam)
		require.Equal(t, one, run(2, adam), "1 and 2 threads")
		require.Equal(t, one, run(1, adam), "the same seed twice")
		require.NotEqual(t, one, func() [][]float32 {
			par.SetThreads(1)
			tr := newTrainer(43, adam)
			for range 20 {
				tr.step()
			}
			return weights(tr.net)
		}(), "another seed")
	}
}

func TestTrainingStepAllocatesNothing(t *testing.T) {
	for _, adam := range []bool{false, true} {
		tr := newTrainer(3, adam)
		for range 20 { // past an epoch's end, its short last batch included
			tr.step()
		}
		require.Zero(t, testing.AllocsPerRun(20, func() { tr.step() }), "adam %v", adam)
	}
}

func TestSequentialChildrenAndModes(t *testing.T) {
	rng := NewRand(1)
	s := NewSequential(NewLinear(2, 3, rng), NewReLU(), NewLinear(3, 1, rng))
	require.Equal(t, []string{"0", "1", "2"}, childNames(s))
	s.Named("fc1", "relu", "fc2")
	require.Equal(t, []string{"fc1", "relu", "fc2"}, childNames(s))
	require.PanicsWithValue(t, "nn: Sequential(Linear(2->3), ReLU, Linear(3->1)): Named got 1 names for 3 layers",
		func() { s.Named("x") })
	m := &modeRecorder{}
	SetTraining(NewSequential(NewFlatten(), NewSequential(m)), false)
	require.Equal(t, []bool{false}, m.modes)
}

func childNames(c Container) []string {
	var names []string
	for _, ch := range c.Children() {
		names = append(names, ch.Name)
	}
	return names
}

// modeRecorder is a Flatten that records the modes it is set to.
type modeRecorder struct {
	Flatten
	modes []bool
}

func (m *modeRecorder) SetTraining(training bool) { m.modes = append(m.modes, training) }
