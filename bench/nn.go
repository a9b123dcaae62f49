package bench

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

// NNModel is a network the nn group trains: its name and its constructor,
// which draws the initial weights from rng.
type NNModel struct {
	Name  string
	Build func(rng *rand.Rand) *nn.Sequential
}

// NNModels are the nn group's networks, package mnist's, for 1×28×28
// images of 10 classes: the MLP 784-256-128-10 and LeNet-5 with ReLU and
// max pooling.
var NNModels = []NNModel{{"mlp", mnist.MLP}, {"lenet", mnist.LeNet}}

// How the nn group trains, on both sides: batches of NNBatch images,
// softmax cross-entropy, SGD with learning rate NNLR and momentum
// NNMomentum (neither Nesterov's nor weight decay).
const (
	NNBatch    = 64
	NNLR       = 0.01
	NNMomentum = 0.9
)

// nnInput is the shape of one image, nnClasses the number of classes.
var nnInput = []int{1, 28, 28}

const nnClasses = 10

// NNRun is what one call of an nn case trains.
type NNRun uint8

const (
	NNStep  NNRun = iota // one step on a fixed batch of NNBatch random images
	NNEpoch              // one epoch of MNIST's training set, reshuffled
)

func (r NNRun) String() string {
	switch r {
	case NNStep:
		return "step"
	case NNEpoch:
		return "epoch"
	}
	return fmt.Sprintf("NNRun(%d)", uint8(r))
}

// NNProblem is one case of the nn group: a model's run on a number of
// threads.
type NNProblem struct {
	Model   NNModel
	Run     NNRun
	Threads int
}

// Name is the problem's name without its threads: "lenet epoch".
func (p NNProblem) Name() string { return p.Model.Name + " " + p.Run.String() }

// NNProblems returns the nn group's problems in order: every model's step
// and epoch on one thread, then on two.
func NNProblems() []NNProblem {
	var out []NNProblem
	for _, threads := range []int{1, 2} {
		for _, run := range []NNRun{NNStep, NNEpoch} {
			for _, m := range NNModels {
				out = append(out, NNProblem{Model: m, Run: run, Threads: threads})
			}
		}
	}
	return out
}

// MNIST is the training set the epochs run on and the folder of its IDX
// files, which the PyTorch peer loads.
type MNIST struct {
	Train mnist.Set
	Dir   string
}

// LoadMNIST loads MNIST's training set from mnist.Dir.
func LoadMNIST() (*MNIST, error) {
	dir, err := mnist.Dir()
	if err != nil {
		return nil, err
	}
	train, _, err := mnist.Load(dir)
	if err != nil {
		return nil, err
	}
	return &MNIST{Train: train, Dir: dir}, nil
}

// First returns the first n images of d, sharing its data.
func (d *MNIST) First(n int) *MNIST {
	t := d.Train
	t.Pixels, t.Labels = t.Pixels[:n*t.Rows*t.Cols], t.Labels[:n]
	return &MNIST{Train: t, Dir: d.Dir}
}

// NN returns the case of problem p: Libs[Simdla] is one call of p.Run, a
// step or an epoch of training (Sequential.SkipInputGrad, as the images
// need no gradient), N the images it trains on; where torch is not nil,
// the PyTorch peer's case of the same network and training, set up in the
// helper, is Timers[Torch]. It returns that TorchCase too, to be dropped
// once measured, and the error of setting it up, if any, the case then
// going without torch. An NNStep trains on a batch of random images each
// side draws. An NNEpoch runs over data's training set, which must not be
// nil, as examples/mnist does (mnist.Trainer, which also counts the images
// classified right), torch over the same images of the same files; its
// first call warms it up and is not to be timed (Measure's calibration
// is not). The caller sets the threads beforehand: blas.SetThreads,
// GOMAXPROCS and torch.SetThreads.
func NN(p NNProblem, torch *TorchPeer, data *MNIST) (*Case, *TorchCase, error) {
	rng := nn.NewRand(1)
	t := newTrainer(p.Model, rng)
	c := &Case{Group: "nn", Name: p.Name(), Libs: map[string]func(){}}
	layers, err := TorchLayers(t.net)
	if err != nil {
		return nil, nil, err
	}
	op := TorchOp{Train: &TorchTrain{Layers: layers, Batch: NNBatch, LR: NNLR, Momentum: NNMomentum}}
	switch p.Run {
	case NNStep:
		x := nn.FromData(randomF32(rng, NNBatch*numel(nnInput)), append([]int{NNBatch}, nnInput...)...)
		labels := make([]int, NNBatch)
		for i := range labels {
			labels[i] = rng.IntN(nnClasses)
		}
		c.N = NNBatch
		c.Libs[Simdla] = func() { t.step(x, labels) }
		op.Op, op.Train.Input, op.Train.Classes = TorchTrainStep, nnInput, nnClasses
	case NNEpoch:
		if data == nil {
			panic("bench: an nn epoch without MNIST")
		}
		epoch := mnist.NewTrainer(t.net, t.opt, data.Train, NNBatch, rng)
		c.N = data.Train.Len()
		c.Libs[Simdla] = func() { epoch.Epoch() }
		op.Op = TorchTrainEpoch
		op.Train.MNIST, op.Train.Mean, op.Train.Std, op.Train.Images = data.Dir, mnist.Mean, mnist.Std, c.N
	default:
		panic(fmt.Sprintf("bench: unknown nn run %d", uint8(p.Run)))
	}
	return c.withTorch(torch, op)
}

// numel is the product of sizes.
func numel(sizes []int) int {
	n := 1
	for _, s := range sizes {
		n *= s
	}
	return n
}

// trainer trains a network as the nn group does.
type trainer struct {
	net  *nn.Sequential
	loss *nn.SoftmaxCrossEntropy
	opt  *nn.SGD
}

// newTrainer builds m, its weights drawn from rng, with SkipInputGrad set.
func newTrainer(m NNModel, rng *rand.Rand) *trainer {
	net := m.Build(rng)
	net.SkipInputGrad = true
	opt := nn.NewSGD(net.Params(), NNLR)
	opt.Momentum = NNMomentum
	return &trainer{net: net, loss: nn.NewSoftmaxCrossEntropy(), opt: opt}
}

// step trains on one batch, forward, backward and update, and returns its
// loss.
func (t *trainer) step(x *nn.Tensor, labels []int) float32 {
	t.net.ZeroGrad()
	l := t.loss.Forward(t.net.Forward(x), labels)
	t.net.Backward(t.loss.Grad())
	t.opt.Step()
	return l
}
