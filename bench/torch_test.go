package bench

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/simdla/simdla/conv"
)

// newTorch starts the helper on one thread, or skips the test where torch
// is missing.
func newTorch(t *testing.T) *TorchPeer {
	t.Helper()
	p, err := NewTorchPeer(1)
	if err != nil {
		t.Skipf("PyTorch peer skipped: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// directConv returns the convolution of x (1×C×H×W) with w (K×C×R×S) plus
// b, by its definition, for the shape's stride and top and left padding.
func directConv(s conv.Shape, x, w, b []float64) []float64 {
	P, Q := s.Out()
	y := make([]float64, s.K*P*Q)
	for k := range s.K {
		for p := range P {
			for q := range Q {
				sum := b[k]
				for c := range s.C {
					for r := range s.R {
						for t := range s.S {
							ih, iw := p*s.StrideH-s.PadTop+r, q*s.StrideW-s.PadLeft+t
							if ih >= 0 && ih < s.H && iw >= 0 && iw < s.W {
								sum += x[(c*s.H+ih)*s.W+iw] * w[((k*s.C+c)*s.R+r)*s.S+t]
							}
						}
					}
				}
				y[(k*P+p)*Q+q] = sum
			}
		}
	}
	return y
}

// TestTorchPeer starts the helper, asks what it runs, sets up and times a
// small conv2d, and checks a 3x3 convolution of a 1x2x5x5 input against
// directConv, with equal padding and with padding that differs by side.
func TestTorchPeer(t *testing.T) {
	p := newTorch(t)
	info, err := p.Info()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(info.About())
	if info.Torch == "" || info.Threads != 1 || !strings.HasPrefix(info.About(), "PyTorch ") {
		t.Errorf("info: %+v", info)
	}

	timed, err := p.Setup(TorchOp{Op: TorchConv2D, Shape: conv.Shape{N: 1, C: 8, H: 16, W: 16, K: 8, Window: conv.Square(3, 1, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backend %q, oneDNN %v", timed.Backend, timed.OneDNN)
	if sec, err := timed.Time(3); err != nil || !(sec > 0) {
		t.Errorf("Time(3) = %v, %v", sec, err)
	}
	if err := timed.Drop(); err != nil {
		t.Error(err)
	}

	r := rand.New(rand.NewPCG(1, 2))
	for _, window := range []conv.Window{
		conv.Square(3, 1, 1),
		{R: 3, S: 3, StrideH: 2, StrideW: 1, PadTop: 0, PadBottom: 1, PadLeft: 2, PadRight: 0},
	} {
		s := conv.Shape{N: 1, C: 2, H: 5, W: 5, K: 3, Window: window}
		c, err := p.Setup(TorchOp{Op: TorchConv2D, Shape: s, Double: true, Bias: true})
		if err != nil {
			t.Fatal(err)
		}
		x, w, b := randomF64(r, s.InputLen()), randomF64(r, s.FilterLen()), randomF64(r, s.K)
		out, err := c.Check(map[string][]float64{"x": x, "w": w, "b": b})
		if err != nil {
			t.Fatal(err)
		}
		P, Q := s.Out()
		got, want := out["y"], directConv(s, x, w, b)
		if len(got.Shape) != 4 || got.Shape[1] != s.K || got.Shape[2] != P || got.Shape[3] != Q {
			t.Fatalf("%+v: output shape %v, want [1 %d %d %d]", window, got.Shape, s.K, P, Q)
		}
		for i := range want {
			if math.Abs(got.Data[i]-want[i]) > 1e-12 {
				t.Fatalf("%+v: y[%d] = %v, want %v", window, i, got.Data[i], want[i])
			}
		}
	}
}

// TestTorchMeasure checks that a TorchCase takes its turns in Measure's
// rounds beside a library of this process.
func TestTorchMeasure(t *testing.T) {
	p := newTorch(t)
	s := conv.Shape{N: 1, C: 4, H: 8, W: 8, K: 4, Window: conv.Square(3, 1, 1)}
	tc, err := p.Setup(TorchOp{Op: TorchConv2D, Shape: s})
	if err != nil {
		t.Fatal(err)
	}
	c := &Case{Libs: map[string]func(){Simdla: func() { time.Sleep(10 * time.Microsecond) }},
		Timers: map[string]Timer{Torch: tc.Time}}
	tm := Measure(c, 2, time.Millisecond)
	if err := tm.Failed[Torch]; err != nil {
		t.Fatal(err)
	}
	if sec := tm.Seconds[Torch]; !(sec > 0 && sec < 0.1) {
		t.Errorf("torch: %v s a call", sec)
	}
}

// TestTorchPeerMissing checks that a missing interpreter is an error to
// print, not a failure.
func TestTorchPeerMissing(t *testing.T) {
	t.Setenv(TorchEnvPython, "/nonexistent/python3")
	p, err := NewTorchPeer(1)
	if err == nil {
		p.Close()
		t.Fatal("started on a missing interpreter")
	}
	if !strings.Contains(err.Error(), "/nonexistent/python3: not found") {
		t.Errorf("error %q does not name the interpreter", err)
	}
}
