package nn

import (
	"fmt"
	"math"
)

// Optimizer updates parameters from their gradients.
type Optimizer interface {
	// Step updates every parameter once from its Grad; it does not clear
	// the gradients.
	Step()
}

// LearningRater is an optimizer whose learning rate a schedule sets
// between steps (StepLR, CosineAnnealingLR): SGD and Adam are.
type LearningRater interface {
	Optimizer
	// LearningRate returns the learning rate the next Step uses.
	LearningRate() float32
	// SetLearningRate sets it; it panics unless lr >= 0.
	SetLearningRate(lr float32)
}

// SGD is stochastic gradient descent with optional momentum, Nesterov's
// variant of it, and L2 weight decay, as PyTorch's torch.optim.SGD (without
// dampening): with g = grad + WeightDecay*w and v = Momentum*v + g,
// w -= LR*v, or with Nesterov w -= LR*(g + Momentum*v); without momentum
// (v = g), w -= LR*g. Each parameter is one call of the fused kernel
// kernels.Vec.MomentumUpdate or NesterovUpdate, which round every
// operation as written, on every ISA.
type SGD struct {
	LR, Momentum, WeightDecay float32
	Nesterov                  bool

	params   []*Param
	velocity [][]float32
}

// NewSGD returns SGD over params with learning rate lr and no momentum or
// weight decay; set the fields for them before the first Step. It panics
// unless lr >= 0.
func NewSGD(params []*Param, lr float32) *SGD {
	o := &SGD{LR: lr, params: params, velocity: newState("SGD", params)}
	o.check()
	return o
}

// check panics where a hyperparameter is out of PyTorch's range.
func (o *SGD) check() {
	checkHyper("SGD", "LR", o.LR, 0, math.Inf(1))
	checkHyper("SGD", "Momentum", o.Momentum, 0, math.Inf(1))
	checkHyper("SGD", "WeightDecay", o.WeightDecay, 0, math.Inf(1))
}

// LearningRate returns LR.
func (o *SGD) LearningRate() float32 { return o.LR }

// SetLearningRate sets LR; it panics unless lr >= 0.
func (o *SGD) SetLearningRate(lr float32) { setLR("SGD", &o.LR, lr) }

// Step updates the parameters. It panics where a hyperparameter is out of
// range, or a parameter's value or gradient no longer has the length it
// had when o was made.
func (o *SGD) Step() {
	o.check()
	update := vec().MomentumUpdate
	if o.Nesterov {
		update = vec().NesterovUpdate
	}
	for i, p := range o.params {
		checkState("SGD", i, p, len(o.velocity[i]))
		update(o.LR, o.Momentum, o.WeightDecay, p.Value.Data, p.Grad.Data, o.velocity[i])
	}
}

// Adam is Kingma and Ba's optimizer, as PyTorch's torch.optim.Adam, or
// with Decoupled, AdamW (Loshchilov and Hutter): at step t, m and v are
// running means of g and g², and
// w -= LR/(1-Beta1^t) * m / (sqrt(v)/sqrt(1-Beta2^t) + Eps),
// PyTorch's form of w -= LR * m̂/(sqrt(v̂)+Eps). WeightDecay adds
// WeightDecay*w to g (Adam) or, decoupled, multiplies w by
// 1 - LR*WeightDecay first (AdamW). Each parameter is one call of the
// fused kernel kernels.Vec.AdamUpdate, which rounds every operation as
// written, on every ISA.
type Adam struct {
	LR, Beta1, Beta2, Eps, WeightDecay float32
	Decoupled                          bool

	params []*Param
	m, v   [][]float32
	t      int
}

// NewAdam returns Adam over params with learning rate lr and PyTorch's
// defaults: Beta1 0.9, Beta2 0.999, Eps 1e-8, no weight decay. It panics
// unless lr >= 0.
func NewAdam(params []*Param, lr float32) *Adam {
	o := &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, params: params,
		m: newState("Adam", params), v: newState("Adam", params)}
	o.check()
	return o
}

// NewAdamW returns AdamW over params: Adam with decoupled weight decay
// wd (PyTorch's default is 0.01). It panics unless lr, wd >= 0.
func NewAdamW(params []*Param, lr, wd float32) *Adam {
	o := NewAdam(params, lr)
	o.WeightDecay, o.Decoupled = wd, true
	o.check()
	return o
}

// check panics where a hyperparameter is out of PyTorch's range.
func (o *Adam) check() {
	checkHyper("Adam", "LR", o.LR, 0, math.Inf(1))
	checkHyper("Adam", "Beta1", o.Beta1, 0, 1)
	checkHyper("Adam", "Beta2", o.Beta2, 0, 1)
	checkHyper("Adam", "Eps", o.Eps, 0, math.Inf(1))
	checkHyper("Adam", "WeightDecay", o.WeightDecay, 0, math.Inf(1))
}

// LearningRate returns LR.
func (o *Adam) LearningRate() float32 { return o.LR }

// SetLearningRate sets LR; it panics unless lr >= 0.
func (o *Adam) SetLearningRate(lr float32) { setLR("Adam", &o.LR, lr) }

// Step updates the parameters. The bias corrections are computed in
// float64, as PyTorch's Python scalars are, and rounded to float32 for the
// kernel. It panics where a hyperparameter is out of range, or a
// parameter's value or gradient no longer has the length it had when o
// was made.
func (o *Adam) Step() {
	o.check()
	o.t++
	t := float64(o.t)
	step := float32(float64(o.LR) / (1 - math.Pow(float64(o.Beta1), t)))
	s2 := float32(math.Sqrt(1 - math.Pow(float64(o.Beta2), t)))
	wd, decay := o.WeightDecay, float32(1)
	if o.Decoupled {
		wd, decay = 0, float32(1-float64(o.LR)*float64(o.WeightDecay))
	}
	for i, p := range o.params {
		checkState("Adam", i, p, len(o.m[i]))
		vec().AdamUpdate(wd, decay, o.Beta1, 1-o.Beta1, o.Beta2, 1-o.Beta2, s2, o.Eps, step,
			p.Value.Data, p.Grad.Data, o.m[i], o.v[i])
	}
}

// newState returns a zeroed buffer for each parameter, as long as its
// value; it panics, naming the optimizer, at a nil parameter.
func newState(opt string, params []*Param) [][]float32 {
	state := make([][]float32, len(params))
	for i, p := range params {
		if p == nil || p.Value == nil || p.Grad == nil {
			panic(fmt.Sprintf("nn: %s got a nil parameter, value or gradient at %d", opt, i))
		}
		state[i] = make([]float32, p.Value.Len())
	}
	return state
}

// setLR sets an optimizer's learning rate, *lr, to v; it panics unless
// v >= 0.
func setLR(opt string, lr *float32, v float32) {
	checkHyper(opt, "LR", v, 0, math.Inf(1))
	*lr = v
}

// checkHyper panics unless lo <= v < hi, naming the optimizer and the
// hyperparameter.
func checkHyper(opt, name string, v float32, lo, hi float64) {
	if !(float64(v) >= lo && float64(v) < hi) {
		panic(fmt.Sprintf("nn: %s got %s %v, want it in [%v, %v)", opt, name, v, lo, hi))
	}
}

// checkState panics unless parameter i, p, has the n values and gradients
// its state in the optimizer has: the kernels trust the lengths.
func checkState(opt string, i int, p *Param, n int) {
	if len(p.Value.Data) != n || len(p.Grad.Data) != n {
		panic(fmt.Sprintf("nn: %s: parameter %d (%s) has %d values and %d gradients, want the %d it had when the optimizer was made",
			opt, i, p.Name, len(p.Value.Data), len(p.Grad.Data), n))
	}
}
