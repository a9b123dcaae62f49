package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/dispatch"
)

// nnTable measures the nn group's problems whose name contains only,
// simdla's training against the PyTorch peer's where it starts: a step
// over ext.nnStep rounds of batches of about batch, an MNIST epoch over
// ext.nnEpoch rounds of one call (after an untimed one); and prints the
// images per second each trains on and how many times faster simdla is.
// The epochs are left out, with a note, where MNIST does not load.
func nnTable(w, prog io.Writer, ext extent, batch time.Duration, only string) {
	defer keepThreads()()
	problems, notes := pick(bench.NNProblems(), only, func(p bench.NNProblem) (string, int) { return p.Name(), p.Threads })
	var data *bench.MNIST
	if slices.ContainsFunc(problems, isEpoch) {
		var err error
		if data, err = bench.LoadMNIST(); err != nil {
			problems = slices.DeleteFunc(problems, isEpoch)
			notes = append(notes, fmt.Sprintf("The epochs were left out: %v.", err))
		}
	}
	if len(problems) == 0 {
		for _, n := range notes {
			fmt.Fprintln(w, n)
		}
		return
	}
	tt := newTorchTable(notes)
	progress := newProgress(prog, "nn", len(problems))
	defer progress.finish()
	fmt.Fprintf(w, "\nTraining, float32, ISA %s: medians of %d alternating rounds of simdla and PyTorch for a step, %d for an epoch, after untimed warm-up calls; \"x torch\" is the median of per-round time ratios, above 1 when simdla is faster.\n", dispatch.ISA(), ext.nnStep, ext.nnEpoch)
	fmt.Fprintf(w, "A step is forward, softmax cross-entropy, backward (no gradient for the images: simdla's Sequential.SkipInputGrad) and SGD's update (lr %g, momentum %g), at batch %d: \"step\" on one fixed batch of random images each side draws, \"epoch\" over MNIST's training set, both sides reading the same files, shuffled every epoch (simdla's is mnist.Trainer's, as examples/mnist trains, which also counts the images it classifies right).\n\n",
		bench.NNLR, bench.NNMomentum, bench.NNBatch)
	fmt.Fprintln(w, "| model | run | images | threads | simdla images/s | torch images/s | x torch |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
	for _, p := range problems {
		tt.next(progress, p.Name(), p.Threads)
		c, tc, err := bench.NN(p, tt.peer, data)
		tt.setUp(p.Name(), err)
		rounds, b := ext.nnStep, batch
		if isEpoch(p) {
			rounds, b = ext.nnEpoch, 0
		}
		t := bench.Measure(c, rounds, b)
		perSecond := func(lib string) float64 { return float64(c.N) / t.Seconds[lib] }
		fmt.Fprintf(w, "| %s | %s | %d | %d | %.0f |", p.Model.Name, p.Run, c.N, p.Threads, perSecond(bench.Simdla))
		if tt.measured(p.Name(), t, tc) {
			fmt.Fprintf(w, " %.0f | %.2f |\n", perSecond(bench.Torch), t.Speedup(bench.Torch))
		} else {
			fmt.Fprintln(w, " - | - |")
		}
	}
	tt.close(w, "Torch builds the same layers (torch.nn, its default initialisation), trains with torch.optim.SGD and F.cross_entropy, zero_grad(set_to_none=True), and takes its batches of the epoch by indexing the set with a torch.randperm.")
}

// isEpoch reports whether p is an MNIST epoch.
func isEpoch(p bench.NNProblem) bool { return p.Run == bench.NNEpoch }
