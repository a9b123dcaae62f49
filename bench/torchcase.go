package bench

import (
	"github.com/simdla/simdla/conv"
)

// The ops TorchPeer sets up, as torchpeer.py names them.
const (
	TorchConv2D          = "conv2d"                 // y = x ⋆ w (+ b), N×C×H×W to N×K×P×Q
	TorchConv2DBackInput = "conv2d_backward_input"  // dx from dy and w
	TorchConv2DBackWt    = "conv2d_backward_weight" // dw (and db with Bias) from x and dy
	TorchTrainStep       = "train_step"             // a training step on a fixed batch (TorchTrain)
	TorchTrainEpoch      = "train_epoch"            // an epoch of MNIST's training set (TorchTrain)
)

// TorchOp is one case for the helper: a convolution op on tensors of
// Shape's sizes, in its layouts, filled from a fixed seed in [-1, 1), or a
// training op on the network and data Train describes.
type TorchOp struct {
	Op     string // TorchConv2D, ...
	Shape  conv.Shape
	Double bool // float64, else float32
	Bias   bool // the forward ops add a bias; TorchConv2DBackWt also returns db
	Train  *TorchTrain
}

// setupRequest is TorchOp as torchpeer.py reads it, defaults applied.
type setupRequest struct {
	Req      string `json:"req"`
	ID       int    `json:"id"`
	Op       string `json:"op"`
	N        int    `json:"n"`
	C        int    `json:"c"`
	H        int    `json:"h"`
	W        int    `json:"w"`
	K        int    `json:"k"`
	Groups   int    `json:"groups"`
	R        int    `json:"r"`
	S        int    `json:"s"`
	Stride   [2]int `json:"stride"`
	Padding  [4]int `json:"padding"` // top, bottom, left, right
	Dilation [2]int `json:"dilation"`
	DType    string `json:"dtype"`
	Bias     bool   `json:"bias"`

	Train *TorchTrain `json:"train,omitempty"`
}

func (op TorchOp) request(id int) setupRequest {
	s := op.Shape
	one := func(v int) int { return max(v, 1) }
	r := setupRequest{
		Req: "setup", ID: id, Op: op.Op,
		N: s.N, C: s.C, H: s.H, W: s.W, K: s.K, Groups: one(s.Groups), R: s.R, S: s.S,
		Stride:   [2]int{one(s.StrideH), one(s.StrideW)},
		Padding:  [4]int{s.PadTop, s.PadBottom, s.PadLeft, s.PadRight},
		Dilation: [2]int{one(s.DilationH), one(s.DilationW)},
		DType:    "float32",
		Bias:     op.Bias,
		Train:    op.Train,
	}
	if op.Double {
		r.DType = "float64"
	}
	return r
}

// TorchCase is an op set up in the helper, its inputs made once.
type TorchCase struct {
	peer *TorchPeer
	id   int
	// Backend is the convolution backend aten::convolution chose
	// ("Mkldnn", "Slow2d", ...), "" for ops without one.
	Backend string
	// OneDNN lists the oneDNN primitives one call ran, each as its kind
	// and implementation ("convolution jit:avx512_core"), in order; none
	// for TorchTrainEpoch, which setup does not run.
	OneDNN []string
	// Data is what the case's data holds, where the op says:
	// TorchTrainEpoch's "images", "pixel_mean" and "label_sum".
	Data map[string]float64
}

// Setup makes op's case in the helper and runs it for half a second (at
// least twice), so that its timings leave out the first calls' setting up:
// oneDNN makes its primitives then, and the first calls to touch fresh
// memory can take ten times as long as the rest. TorchTrainEpoch, whose
// call takes seconds, is not run: the first call timed is to be discarded
// (Measure's calibration does).
func (p *TorchPeer) Setup(op TorchOp) (*TorchCase, error) {
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.mu.Unlock()
	var answer struct {
		Backend *string
		OneDNN  []string
		Data    map[string]float64
	}
	if err := p.call("setup", op.request(id), &answer); err != nil {
		return nil, err
	}
	c := &TorchCase{peer: p, id: id, OneDNN: answer.OneDNN, Data: answer.Data}
	if answer.Backend != nil {
		c.Backend = *answer.Backend
	}
	return c, nil
}

// withTorch sets op up in torch, where torch is not nil, as c's
// Timers[Torch], and returns c, the TorchCase, to be dropped once
// measured, and the error of setting it up, if any, c then going without
// torch.
func (c *Case) withTorch(torch *TorchPeer, op TorchOp) (*Case, *TorchCase, error) {
	if torch == nil {
		return c, nil, nil
	}
	tc, err := torch.Setup(op)
	if err != nil {
		return c, nil, err
	}
	c.Timers = map[string]Timer{Torch: tc.Time}
	return c, tc, nil
}

// Time runs the op reps times in the helper and returns the seconds they
// took there (time.perf_counter around the loop).
func (c *TorchCase) Time(reps int) (float64, error) {
	var answer struct{ Seconds float64 }
	err := c.peer.call("time", map[string]any{"req": "time", "id": c.id, "reps": reps}, &answer)
	return answer.Seconds, err
}

// TorchTensor is one output of a check: its shape and its elements,
// row-major.
type TorchTensor struct {
	Shape []int
	Data  []float64
}

// Check runs the op once on inputs, by name ("x", "w", "b", "dy" or "y";
// "x" and "labels" for TorchTrainStep; each flattened row-major and as
// long as the op's tensor), the others keeping their seeded values, and
// returns its outputs by name: "y" for Conv2D, "dx" for Conv2DBackInput,
// "dw" and "db" for Conv2DBackWt, "loss" (the mean of the call's steps)
// for the training ops.
func (c *TorchCase) Check(inputs map[string][]float64) (map[string]TorchTensor, error) {
	var answer struct{ Outputs map[string]TorchTensor }
	err := c.peer.call("check", map[string]any{"req": "check", "id": c.id, "inputs": inputs}, &answer)
	return answer.Outputs, err
}

// Drop frees the case's tensors in the helper; c is not to be used after.
func (c *TorchCase) Drop() error {
	return c.peer.call("drop", map[string]any{"req": "drop", "id": c.id}, nil)
}
