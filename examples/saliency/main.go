// Command saliency draws saliency maps of a trained LeNet-5: for the first
// test image of each digit, the image and, beside it, the absolute
// gradient of the predicted class's logit with respect to its pixels,
// which shows the pixels the prediction is most sensitive to:
//
//	go run ./examples/saliency -weights FILE -out docs/mnist-saliency.png
//
// FILE holds the parameters that go run ./examples/mnist -model lenet -out
// FILE writes; without -weights it trains LeNet for one epoch first, by
// its mnist.Recipe.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

func main() {
	weights := flag.String("weights", "", "LeNet's parameters, from examples/mnist -model lenet -out (none: train one epoch first)")
	out := flag.String("out", "docs/mnist-saliency.png", "the PNG file to write")
	threads := flag.Int("threads", 0, "goroutines per multiply (0: GOMAXPROCS)")
	flag.Parse()
	blas.SetThreads(*threads)

	var net *nn.Sequential
	var test mnist.Set
	var err error
	if *weights == "" {
		fmt.Println("no -weights: training LeNet for one epoch first")
		var train mnist.Set
		if train, test, err = mnist.Load(""); err != nil {
			log.Fatal(err)
		}
		if net, err = trainLeNet(train); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("trained: test accuracy %.2f%%\n", mnist.Accuracy(net, test, 1000))
	} else {
		if test, err = mnist.LoadTest(""); err != nil {
			log.Fatal(err)
		}
		net = mnist.LeNet(nn.NewRand(1))
		if err := nn.LoadFile(*weights, net); err != nil {
			log.Fatal(err)
		}
	}
	if err := run(net, test, *out, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// trainLeNet returns LeNet trained on train for one epoch by its recipe,
// from seed 1.
func trainLeNet(train mnist.Set) (*nn.Sequential, error) {
	r, err := mnist.RecipeFor("lenet")
	if err != nil {
		return nil, err
	}
	rng := nn.NewRand(1)
	net := r.New(rng)
	mnist.NewTrainer(net, r.Optimizer(net.Params()), train, r.Batch, rng).Epoch()
	return net, nil
}

// run draws the saliency maps of net for the first image of each digit in
// test into the PNG file out, and writes to w the predictions and the
// file's name.
func run(net *nn.Sequential, test mnist.Set, out string, w io.Writer) error {
	idx := firstOfEach(test.Labels)
	x := nn.NewTensor(append([]int{len(idx)}, test.SampleShape()...)...)
	labels := make([]int, len(idx))
	per := x.Len() / len(idx)
	for i, j := range idx {
		labels[i] = test.Sample(j, x.Data[i*per:(i+1)*per])
	}
	classes, maps := saliency(net, x)
	if err := writePNG(out, render(x, maps, labels, classes)); err != nil {
		return err
	}
	fmt.Fprintf(w, "test images %v, digits %v, predicted %v\nwrote %s\n", idx, labels, classes, out)
	return nil
}

// firstOfEach returns the index of the first of labels equal to each
// digit 0, 1, ..., 9 that labels hold.
func firstOfEach(labels []int) []int {
	var idx []int
	for d := range 10 {
		for i, l := range labels {
			if l == d {
				idx = append(idx, i)
				break
			}
		}
	}
	return idx
}
