package bench

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/conv"
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/fused"
)

// ConvLayer is a convolution of a real network, its batch N left to the
// benchmark problem.
type ConvLayer struct {
	Name  string
	Shape conv.Shape
}

// ConvLayers are the convolutions the conv group runs: ResNet-50's 3x3
// layers at each of its four stages, its 1x1 bottleneck layers and a
// stride-2 3x3, MobileNet's depthwise 3x3 at its widest and narrowest
// images, at stride 1 and 2, and LeNet-5's two layers. (Package conv has
// no benchmarks of its own for them: `go test ./bench -bench Conv` runs
// these.)
var ConvLayers = []ConvLayer{
	{"resnet3x3-64@56", conv.Shape{C: 64, H: 56, W: 56, K: 64, Window: conv.Square(3, 1, 1)}},
	{"resnet3x3-128@28", conv.Shape{C: 128, H: 28, W: 28, K: 128, Window: conv.Square(3, 1, 1)}},
	{"resnet3x3-256@14", conv.Shape{C: 256, H: 14, W: 14, K: 256, Window: conv.Square(3, 1, 1)}},
	{"resnet3x3-512@7", conv.Shape{C: 512, H: 7, W: 7, K: 512, Window: conv.Square(3, 1, 1)}},
	{"resnet1x1-256to64@56", conv.Shape{C: 256, H: 56, W: 56, K: 64, Window: conv.Square(1, 1, 0)}},
	{"resnet1x1-64to256@56", conv.Shape{C: 64, H: 56, W: 56, K: 256, Window: conv.Square(1, 1, 0)}},
	{"resnet3x3s2-128@56", conv.Shape{C: 128, H: 56, W: 56, K: 128, Window: conv.Square(3, 2, 1)}},
	{"mobilenet-dw32@112", conv.Shape{C: 32, H: 112, W: 112, K: 32, Groups: 32, Window: conv.Square(3, 1, 1)}},
	{"mobilenet-dw512@14", conv.Shape{C: 512, H: 14, W: 14, K: 512, Groups: 512, Window: conv.Square(3, 1, 1)}},
	{"mobilenet-dw64s2@112", conv.Shape{C: 64, H: 112, W: 112, K: 64, Groups: 64, Window: conv.Square(3, 2, 1)}},
	{"mobilenet-dw512s2@14", conv.Shape{C: 512, H: 14, W: 14, K: 512, Groups: 512, Window: conv.Square(3, 2, 1)}},
	{"lenet-conv1", conv.Shape{C: 1, H: 28, W: 28, K: 6, Window: conv.Square(5, 1, 2)}},
	{"lenet-conv2", conv.Shape{C: 6, H: 14, W: 14, K: 16, Window: conv.Square(5, 1, 0)}},
}

// ConvBatches are the batch sizes every layer runs at.
var ConvBatches = []int{1, 32}

// ConvPass is the pass of a convolution a problem times.
type ConvPass uint8

const (
	ConvForward    ConvPass = iota // y = x ⋆ w + b: simdla's epilogue Bias, torch's bias=True
	ConvBackData                   // dx from dy and w
	ConvBackFilter                 // dw from dy and x (no bias gradient)
)

func (p ConvPass) String() string {
	switch p {
	case ConvForward:
		return "forward"
	case ConvBackData:
		return "dx"
	case ConvBackFilter:
		return "dw"
	}
	return fmt.Sprintf("ConvPass(%d)", uint8(p))
}

// ConvProblem is one case of the conv group: a layer's pass at a batch
// size on a number of threads.
type ConvProblem struct {
	Layer   ConvLayer
	Pass    ConvPass
	N       int
	Threads int
}

// Shape is the problem's convolution, its batch set.
func (p ConvProblem) Shape() conv.Shape {
	s := p.Layer.Shape
	s.N = p.N
	return s
}

// Name is the problem's name without its threads: "resnet3x3-64@56
// forward N=32".
func (p ConvProblem) Name() string { return fmt.Sprintf("%s %s N=%d", p.Layer.Name, p.Pass, p.N) }

// Flops counts two per multiply-add of the forward pass,
// 2·N·K·P·Q·(C/G)·R·S, for every pass: each gradient does as many.
func (p ConvProblem) Flops() float64 { return p.Shape().Flops() }

// ConvThreaded is the problem the conv group also runs on two threads.
var ConvThreaded = ConvProblem{Layer: ConvLayers[0], Pass: ConvForward, N: 32, Threads: 2}

// ConvProblems returns the conv group's problems in order: every layer's
// forward pass at every batch size, the 64-channel 3x3 layer's gradients
// at every batch size, all on one thread, and last ConvThreaded.
func ConvProblems() []ConvProblem {
	var out []ConvProblem
	for _, l := range ConvLayers {
		for _, n := range ConvBatches {
			out = append(out, ConvProblem{Layer: l, Pass: ConvForward, N: n, Threads: 1})
		}
	}
	for _, pass := range []ConvPass{ConvBackData, ConvBackFilter} {
		for _, n := range ConvBatches {
			out = append(out, ConvProblem{Layer: ConvLayers[0], Pass: pass, N: n, Threads: 1})
		}
	}
	return append(out, ConvThreaded)
}

// SimdlaOneThread is the library name, in the Libs of a conv case of more
// than one thread, of simdla's call on one thread, timed in the same
// rounds: the case's Timing.Speedup(SimdlaOneThread) is simdla's speedup
// from its threads.
const SimdlaOneThread = "simdla 1T"

// Conv returns the float32 case of problem p for simdla, with the FMA
// probe on p.Threads goroutines and, where torch is not nil, the PyTorch
// peer's case of the same op, set up in the helper, as Timers[Torch]. It
// returns that TorchCase too, to be dropped once measured, and the error
// of setting it up, if any, the case then going without torch. The caller
// sets the threads beforehand: blas.SetThreads, GOMAXPROCS and
// torch.SetThreads.
func Conv(p ConvProblem, torch *TorchPeer) (*Case, *TorchCase, error) {
	s := p.Shape()
	r := rand.New(rand.NewPCG(uint64(s.InputLen()), uint64(s.FilterLen())))
	pl := conv.NewPlan[float32](s)
	w := randomF32(r, s.FilterLen())
	c := &Case{Group: "conv", Name: p.Name(), N: p.N, Flops: p.Flops(), Libs: map[string]func(){}}
	var call func()
	op := TorchOp{Shape: s}
	switch p.Pass {
	case ConvForward:
		x, y := randomF32(r, s.InputLen()), make([]float32, s.OutputLen())
		ep := &fused.Epilogue[float32]{Bias: randomF32(r, s.K)}
		call = func() { pl.Forward(y, x, w, ep) }
		op.Op, op.Bias = TorchConv2D, true
	case ConvBackData:
		dy, dx := randomF32(r, s.OutputLen()), make([]float32, s.InputLen())
		call = func() { pl.BackwardData(dx, dy, w) }
		op.Op = TorchConv2DBackInput
	case ConvBackFilter:
		x, dy := randomF32(r, s.InputLen()), randomF32(r, s.OutputLen())
		dw := w // the filter's buffer, which this pass does not read
		call = func() { pl.BackwardFilter(dw, dy, x) }
		op.Op = TorchConv2DBackWt
	default:
		panic(fmt.Sprintf("bench: unknown conv pass %d", uint8(p.Pass)))
	}
	c.Libs[Simdla] = call
	if p.Threads > 1 {
		c.Libs[SimdlaOneThread] = func() {
			blas.SetThreads(1)
			defer blas.SetThreads(p.Threads)
			call()
		}
	}
	c.Peak = NewPeakProbe(dispatch.F32().Peak, p.Threads, c.Flops)
	return c.withTorch(torch, op)
}
