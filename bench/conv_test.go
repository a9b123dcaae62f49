package bench

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/simdla/simdla/blas"
)

// BenchmarkConv runs every conv problem for simdla and, where python3
// imports torch, the PyTorch peer, reporting GFLOP/s:
//
//	go test ./bench -run '^$' -bench Conv -count 5 | benchstat -col /lib -
func BenchmarkConv(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer blas.SetThreads(0)
	torch, err := NewTorchPeer(1)
	if err != nil {
		b.Logf("PyTorch peer skipped: %v", err)
		torch = nil
	} else {
		defer torch.Close()
	}
	for _, p := range ConvProblems() {
		runtime.GOMAXPROCS(p.Threads)
		blas.SetThreads(p.Threads)
		if torch != nil {
			if err := torch.SetThreads(p.Threads); err != nil {
				b.Fatal(err)
			}
		}
		c, tc, err := Conv(p, torch)
		if err != nil {
			b.Fatal(err)
		}
		for _, lib := range c.LibNames() {
			b.Run(fmt.Sprintf("%s/threads=%d/lib=%s", p.Name(), p.Threads, lib), func(b *testing.B) { c.Run(b, lib) })
		}
		if tc != nil {
			tc.Drop()
		}
	}
}

// TestConvProblems checks that the conv group's problems have distinct
// names, that it has its threaded problem with simdla on one thread beside
// it, and runs simdla's call of every problem at batch 1.
func TestConvProblems(t *testing.T) {
	seen := map[string]bool{}
	threaded := false
	for _, p := range ConvProblems() {
		key := fmt.Sprintf("%s threads=%d", p.Name(), p.Threads)
		if seen[key] {
			t.Errorf("two problems %q", key)
		}
		seen[key] = true
		threaded = threaded || p == ConvThreaded
		if p.N != 1 {
			continue
		}
		c, _, err := Conv(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Flops != p.Shape().Flops() || c.Peak == nil || len(c.Timers) != 0 {
			t.Errorf("%s: flops %v, peak %v, timers %v", key, c.Flops, c.Peak, c.Timers)
		}
		c.Libs[Simdla]()
	}
	if !threaded || ConvThreaded.Threads < 2 {
		t.Errorf("no problem on more than one thread: %+v", ConvThreaded)
	}
	c, _, _ := Conv(ConvProblem{Layer: ConvLayers[len(ConvLayers)-1], Pass: ConvForward, N: 1, Threads: 2}, nil)
	if c.Libs[SimdlaOneThread] == nil {
		t.Errorf("threaded case has no %q: %v", SimdlaOneThread, c.LibNames())
	}
}

// TestConvTorch sets up a small conv case in each pass with the peer and
// measures it one round.
func TestConvTorch(t *testing.T) {
	p := newTorch(t)
	for _, pass := range []ConvPass{ConvForward, ConvBackData, ConvBackFilter} {
		prob := ConvProblem{Layer: ConvLayers[len(ConvLayers)-1], Pass: pass, N: 2, Threads: 1}
		c, tc, err := Conv(prob, p)
		if err != nil {
			t.Fatal(err)
		}
		if pass == ConvForward && tc.Backend == "" {
			t.Errorf("%s: no backend", prob.Name())
		}
		tm := Measure(c, 1, time.Millisecond)
		if err := tm.Failed[Torch]; err != nil {
			t.Fatal(err)
		}
		if !(tm.Seconds[Torch] > 0 && tm.Seconds[Simdla] > 0) {
			t.Errorf("%s: %v", prob.Name(), tm.Seconds)
		}
		if err := tc.Drop(); err != nil {
			t.Error(err)
		}
	}
}
