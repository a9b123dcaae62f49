// Command pca runs a principal component analysis of MNIST's 60,000
// training images (784 pixels each) with gonum's stat.PC, simdla's BLAS
// and LAPACK serving as gonum's (package lapack/register), prints the
// fraction of the variance that the first 10 components explain and the
// time taken, and draws test digits on the first two components:
//
//	go run ./examples/pca -out docs/mnist-pca.png -points 3000 -threads N
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/simdla/simdla/blas"
	_ "github.com/simdla/simdla/lapack/register" // simdla's BLAS and LAPACK under gonum
	"github.com/simdla/simdla/nn/mnist"
)

func main() {
	out := flag.String("out", "docs/mnist-pca.png", "the scatter plot's PNG file")
	points := flag.Int("points", 3000, "test digits drawn")
	threads := flag.Int("threads", 0, "goroutines per multiply (0: GOMAXPROCS)")
	flag.Parse()
	if *points <= 0 {
		log.Fatalf("pca: -points %d: want a positive number of test digits", *points)
	}
	blas.SetThreads(*threads)

	train, test, err := mnist.Load("")
	if err != nil {
		log.Fatal(err)
	}
	if err := run(train, test.Slice(0, min(*points, test.Len())), *out, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run analyses train's images, writes to w the explained variance of the
// first 10 components (or as many as there are) and the time taken, and
// draws show's images on the first two components in the PNG file out.
func run(train, show mnist.Set, out string, w io.Writer) error {
	start := time.Now()
	a, err := analyse(train)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stat.PC of %d images of %d pixels: %.2fs\n", train.Len(), len(a.mean), time.Since(start).Seconds())
	fmt.Fprintln(w, "component  explained variance  cumulative")
	var sum float64
	for i, v := range a.explained[:min(10, len(a.explained))] {
		sum += v
		fmt.Fprintf(w, "%9d  %17.2f%%  %9.2f%%\n", i+1, 100*v, 100*sum)
	}
	xy := a.project(show, 2)
	title := fmt.Sprintf("%d MNIST test digits on the training set's first two principal components", len(show.Labels))
	if err := scatter(out, xy, show.Labels, title); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s: %d test digits on the first two components\n", out, len(show.Labels))
	return nil
}
