package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// sgdReference is torch.optim.SGD's algorithm as its documentation writes
// it (dampening 0), in float64: one step of w, velocity v and gradient g.
func sgdReference(w, v, g []float64, lr, mu, wd float64, nesterov bool, first bool) {
	for i := range w {
		d := g[i] + wd*w[i]
		if mu != 0 {
			if first {
				v[i] = d
			} else {
				v[i] = mu*v[i] + d
			}
			if nesterov {
				d += mu * v[i]
			} else {
				d = v[i]
			}
		}
		w[i] -= lr * d
	}
}

// adamReference is torch.optim.Adam's (and, decoupled, AdamW's) algorithm
// as their documentation writes it, in float64: step t of w, m and v.
func adamReference(w, m, v, g []float64, lr, b1, b2, eps, wd float64, decoupled bool, t int) {
	for i := range w {
		d := g[i]
		if decoupled {
			w[i] -= lr * wd * w[i]
		} else {
			d += wd * w[i]
		}
		m[i] = b1*m[i] + (1-b1)*d
		v[i] = b2*v[i] + (1-b2)*d*d
		mh := m[i] / (1 - math.Pow(b1, float64(t)))
		vh := v[i] / (1 - math.Pow(b2, float64(t)))
		w[i] -= lr * mh / (math.Sqrt(vh) + eps)
	}
}

// TestOptimizersFollowPyTorch runs four steps of every kind of SGD and Adam
// on one parameter, a new gradient each step, against the float64
// references above.
func TestOptimizersFollowPyTorch(t *testing.T) {
	const n, steps = 37, 4
	grads := make([][]float64, steps)
	for s := range grads {
		grads[s] = f64(fill(NewTensor(n), uint64(20+s)).Data)
	}
	start := f64(fill(NewTensor(n), 19).Data)
	run := func(opt func(p *Param) Optimizer, ref func(w []float64, step int)) {
		p := newParam("w", n)
		for i, x := range start {
			p.Value.Data[i] = float32(x)
		}
		o := opt(p)
		want := append([]float64(nil), start...)
		for s := range steps {
			for i, g := range grads[s] {
				p.Grad.Data[i] = float32(g)
			}
			o.Step()
			ref(want, s)
			for i := range want {
				require.InDelta(t, want[i], float64(p.Value.Data[i]), 1e-5*(1+math.Abs(want[i])), "%T step %d w[%d]", o, s+1, i)
			}
		}
	}
	for _, c := range []struct {
		mu, wd   float32
		nesterov bool
	}{{0, 0, false}, {0, 0.1, false}, {0.9, 0, false}, {0.8, 0.05, false}, {0.9, 0.01, true}} {
		v := make([]float64, n)
		run(func(p *Param) Optimizer {
			o := NewSGD([]*Param{p}, 0.1)
			o.Momentum, o.WeightDecay, o.Nesterov = c.mu, c.wd, c.nesterov
			return o
		}, func(w []float64, s int) {
			sgdReference(w, v, grads[s], 0.1, float64(c.mu), float64(c.wd), c.nesterov, s == 0)
		})
	}
	for _, c := range []struct {
		wd        float32
		decoupled bool
	}{{0, false}, {0.1, false}, {0.1, true}} {
		m, v := make([]float64, n), make([]float64, n)
		run(func(p *Param) Optimizer {
			o := NewAdam([]*Param{p}, 0.01)
			o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Decoupled = 0.8, 0.9, 1e-3, c.wd, c.decoupled
			return o
		}, func(w []float64, s int) {
			adamReference(w, m, v, grads[s], 0.01, float64(float32(0.8)), float64(float32(0.9)), float64(float32(1e-3)),
				float64(c.wd), c.decoupled, s+1)
		})
	}
}

func TestOptimizerChecks(t *testing.T) {
	p := newParam("w", 3)
	require.PanicsWithValue(t, "nn: SGD got LR -0.1, want it in [0, +Inf)", func() { NewSGD([]*Param{p}, -0.1) })
	require.PanicsWithValue(t, "nn: Adam got LR NaN, want it in [0, +Inf)", func() { NewAdam([]*Param{p}, float32(math.NaN())) })
	require.PanicsWithValue(t, "nn: Adam got WeightDecay -1, want it in [0, +Inf)", func() { NewAdamW([]*Param{p}, 0.1, -1) })
	require.PanicsWithValue(t, "nn: SGD got a nil parameter, value or gradient at 1", func() { NewSGD([]*Param{p, nil}, 0.1) })

	sgd := NewSGD([]*Param{p}, 0.1)
	sgd.Momentum = -0.5
	require.PanicsWithValue(t, "nn: SGD got Momentum -0.5, want it in [0, +Inf)", sgd.Step)
	sgd.Momentum = 0.5
	require.PanicsWithValue(t, "nn: SGD got LR -1, want it in [0, +Inf)", func() { sgd.SetLearningRate(-1) })
	sgd.SetLearningRate(0.25)
	require.Equal(t, float32(0.25), sgd.LearningRate())
	require.Equal(t, float32(0.25), sgd.LR)

	adam := NewAdam([]*Param{p}, 0.1)
	adam.Beta2 = 1
	require.PanicsWithValue(t, "nn: Adam got Beta2 1, want it in [0, 1)", adam.Step)
	adam.Beta2 = 0.999
	adam.SetLearningRate(0.5)
	require.Equal(t, float32(0.5), adam.LearningRate())

	// The kernels trust lengths: a parameter that changed size must not
	// reach them.
	p.Grad = NewTensor(4)
	for _, o := range []Optimizer{sgd, adam} {
		name := fmt.Sprintf("%T", o)[4:]
		require.PanicsWithValue(t, "nn: "+name+": parameter 0 (w) has 3 values and 4 gradients, want the 3 it had when the optimizer was made", o.Step)
	}
}
