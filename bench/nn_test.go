package bench

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

// TestNNProblems checks that the nn group's problems have distinct names,
// run on one thread and on two, and that every model's step case builds
// and runs with N its batch.
func TestNNProblems(t *testing.T) {
	seen := map[string]bool{}
	threads := map[int]int{}
	for _, p := range NNProblems() {
		key := fmt.Sprintf("%s threads=%d", p.Name(), p.Threads)
		if seen[key] {
			t.Errorf("two problems %q", key)
		}
		seen[key] = true
		threads[p.Threads]++
		if p.Run != NNStep {
			continue
		}
		c, _, err := NN(p, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.N != NNBatch || len(c.Timers) != 0 || c.Libs[Simdla] == nil {
			t.Errorf("%s: N %d, timers %v, libs %v", key, c.N, c.Timers, c.LibNames())
		}
		c.Libs[Simdla]()
	}
	if want := 2 * len(NNModels); threads[1] != want || threads[2] != want {
		t.Errorf("problems per thread count %v, want %d on 1 and on 2", threads, want)
	}
}

// TestTorchLayers checks LeNet's description for torch, layer by layer,
// and that a layer torch has no kind for is an error.
func TestTorchLayers(t *testing.T) {
	got, err := TorchLayers(mnist.LeNet(nn.NewRand(1)))
	if err != nil {
		t.Fatal(err)
	}
	want := []TorchLayer{
		{"conv2d", []int{1, 6, 5, 1, 2}}, {"relu", []int{}}, {"maxpool2d", []int{2, 2}},
		{"conv2d", []int{6, 16, 5, 1, 0}}, {"relu", []int{}}, {"maxpool2d", []int{2, 2}},
		{"flatten", []int{}},
		{"linear", []int{400, 120}}, {"relu", []int{}},
		{"linear", []int{120, 84}}, {"relu", []int{}},
		{"linear", []int{84, 10}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LeNet for torch:\n got %v\nwant %v", got, want)
	}
	if _, err := TorchLayers(nn.NewSequential(nn.NewLinear(2, 2, nn.NewRand(1)), &otherLayer{})); err == nil {
		t.Error("a layer of another kind described without error")
	}
}

// otherLayer is a layer TorchLayers does not know.
type otherLayer struct{ nn.Flatten }

// TestTrainerLearns checks that the nn group's training step trains
// every model: on one fixed batch, twenty steps bring the loss below half
// of the first step's.
func TestTrainerLearns(t *testing.T) {
	for _, m := range NNModels {
		rng := nn.NewRand(1)
		tr := newTrainer(m, rng)
		x := nn.FromData(randomF32(rng, NNBatch*numel(nnInput)), append([]int{NNBatch}, nnInput...)...)
		labels := make([]int, NNBatch)
		for i := range labels {
			labels[i] = rng.IntN(nnClasses)
		}
		first := tr.step(x, labels)
		var last float32
		for range 20 {
			last = tr.step(x, labels)
		}
		if !(last < first/2) {
			t.Errorf("%s: loss %v after 20 steps, first %v", m.Name, last, first)
		}
	}
}

// loadMNIST returns MNIST's training set, loaded once for all tests, or
// skips the test where it is missing or the run is short.
func loadMNIST(t *testing.T) *MNIST {
	t.Helper()
	if testing.Short() {
		t.Skip("loads MNIST")
	}
	d, err := testMNIST()
	if err != nil {
		t.Skipf("MNIST: %v", err)
	}
	return d
}

var testMNIST = sync.OnceValues(LoadMNIST)

// TestNNEpoch runs LeNet's epoch case over MNIST's first 640 images
// (ten batches), checking that N is 640, then trains a network as the
// case does three epochs and checks that it trains on them: the mean loss
// of the third epoch is below the first's.
func TestNNEpoch(t *testing.T) {
	data := loadMNIST(t).First(640)
	c, _, err := NN(NNProblem{Model: NNModels[1], Run: NNEpoch, Threads: 1}, nil, data)
	if err != nil {
		t.Fatal(err)
	}
	if c.N != 640 {
		t.Errorf("N = %d, want 640", c.N)
	}
	c.Libs[Simdla]()
	rng := nn.NewRand(1)
	tr := newTrainer(NNModels[1], rng)
	epoch := mnist.NewTrainer(tr.net, tr.opt, data.Train, NNBatch, rng)
	first := epoch.Epoch()
	epoch.Epoch()
	if third := epoch.Epoch(); third.Images != 640 || !(third.Loss < first.Loss) {
		t.Errorf("third epoch %+v, first %+v", third, first)
	}
}

// TestNNTorchStep sets up every model's step in the peer and checks that
// torch trains it: the loss after ten steps on its fixed batch is below
// the first's; then measures the case one round.
func TestNNTorchStep(t *testing.T) {
	p := newTorch(t)
	for _, m := range NNModels {
		c, tc, err := NN(NNProblem{Model: m, Run: NNStep, Threads: 1}, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		loss := func() float64 {
			out, err := tc.Check(nil)
			if err != nil {
				t.Fatal(err)
			}
			return out["loss"].Data[0]
		}
		first := loss()
		if _, err := tc.Time(10); err != nil {
			t.Fatal(err)
		}
		if last := loss(); !(last < first) || math.IsNaN(first) {
			t.Errorf("%s: torch's loss %v after ten steps, %v before", m.Name, last, first)
		}
		tm := Measure(c, 1, time.Millisecond)
		if err := tm.Failed[Torch]; err != nil {
			t.Fatal(err)
		}
		if !(tm.Seconds[Torch] > 0 && tm.Seconds[Simdla] > 0) {
			t.Errorf("%s: %v", m.Name, tm.Seconds)
		}
		if err := tc.Drop(); err != nil {
			t.Error(err)
		}
	}
}

// TestNNTorchEpoch sets up the MLP's epoch over MNIST's first 640 images
// in the peer, checks that torch loaded the same images and labels as
// simdla (their number, mean pixel and sum of labels) and measures the
// case one round.
func TestNNTorchEpoch(t *testing.T) {
	p := newTorch(t)
	data := loadMNIST(t).First(640)
	c, tc, err := NN(NNProblem{Model: NNModels[0], Run: NNEpoch, Threads: 1}, p, data)
	if err != nil {
		t.Fatal(err)
	}
	var pixels float64
	images := data.Train.Images()
	for _, v := range images.Data {
		pixels += float64(v)
	}
	labels := 0
	for _, l := range data.Train.Labels {
		labels += l
	}
	mean := pixels / float64(len(images.Data))
	if d := tc.Data; d["images"] != 640 || d["label_sum"] != float64(labels) || math.Abs(d["pixel_mean"]-mean) > 1e-6*math.Abs(mean) {
		t.Errorf("torch's data %v, simdla's: 640 images, pixel mean %v, label sum %d", d, mean, labels)
	}
	tm := Measure(c, 1, 0)
	if err := tm.Failed[Torch]; err != nil {
		t.Fatal(err)
	}
	if !(tm.Seconds[Torch] > 0 && tm.Seconds[Simdla] > 0) {
		t.Errorf("%v", tm.Seconds)
	}
}
