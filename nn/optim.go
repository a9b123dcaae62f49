package nn

import "math"

// Optimizer updates parameters from their gradients.
type Optimizer interface {
	// Step updates every parameter once from its Grad; it does not clear
	// the gradients.
	Step()
}

// SGD is stochastic gradient descent with optional momentum, Nesterov's
// variant of it, and L2 weight decay, as PyTorch's torch.optim.SGD (without
// dampening): with g = grad + WeightDecay*w and v = Momentum*v + g,
// w -= LR*v, or with Nesterov w -= LR*(g + Momentum*v); without momentum,
// w -= LR*g.
type SGD struct {
	LR, Momentum, WeightDecay float32
	Nesterov                  bool

	params   []*Param
	velocity [][]float32
}

// NewSGD returns SGD over params with learning rate lr and no momentum or
// weight decay; set the fields for them before the first Step.
func NewSGD(params []*Param, lr float32) *SGD {
	o := &SGD{LR: lr, params: params, velocity: make([][]float32, len(params))}
	for i, p := range params {
		o.velocity[i] = make([]float32, p.Value.Len())
	}
	return o
}

// Step updates the parameters.
func (o *SGD) Step() {
	for i, p := range o.params {
		w, g, v := p.Value.Data, p.Grad.Data, o.velocity[i]
		for j := range w {
			d := g[j] + o.WeightDecay*w[j]
			if o.Momentum != 0 {
				v[j] = o.Momentum*v[j] + d
				if o.Nesterov {
					d += o.Momentum * v[j]
				} else {
					d = v[j]
				}
			}
			w[j] -= o.LR * d
		}
	}
}

// Adam is Kingma and Ba's optimizer, as PyTorch's torch.optim.Adam, or
// with Decoupled, AdamW (Loshchilov and Hutter): m and v are running means
// of g and g², corrected for their zero start, and
// w -= LR * m̂/(sqrt(v̂)+Eps). WeightDecay adds WeightDecay*w to g (Adam)
// or, decoupled, multiplies w by 1 - LR*WeightDecay first (AdamW).
type Adam struct {
	LR, Beta1, Beta2, Eps, WeightDecay float32
	Decoupled                          bool

	params []*Param
	m, v   [][]float32
	t      int
}

// NewAdam returns Adam over params with learning rate lr and PyTorch's
// defaults: Beta1 0.9, Beta2 0.999, Eps 1e-8, no weight decay.
func NewAdam(params []*Param, lr float32) *Adam {
	o := &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, params: params,
		m: make([][]float32, len(params)), v: make([][]float32, len(params))}
	for i, p := range params {
		o.m[i] = make([]float32, p.Value.Len())
		o.v[i] = make([]float32, p.Value.Len())
	}
	return o
}

// NewAdamW returns AdamW over params: Adam with decoupled weight decay
// wd (PyTorch's default is 0.01).
func NewAdamW(params []*Param, lr, wd float32) *Adam {
	o := NewAdam(params, lr)
	o.WeightDecay, o.Decoupled = wd, true
	return o
}

// Step updates the parameters.
func (o *Adam) Step() {
	o.t++
	c1 := float32(1 - math.Pow(float64(o.Beta1), float64(o.t)))
	c2 := float32(1 - math.Pow(float64(o.Beta2), float64(o.t)))
	for i, p := range o.params {
		w, g, m, v := p.Value.Data, p.Grad.Data, o.m[i], o.v[i]
		for j := range w {
			d := g[j]
			if o.Decoupled {
				w[j] *= 1 - o.LR*o.WeightDecay
			} else {
				d += o.WeightDecay * w[j]
			}
			m[j] = o.Beta1*m[j] + (1-o.Beta1)*d
			v[j] = o.Beta2*v[j] + (1-o.Beta2)*d*d
			mh, vh := m[j]/c1, v[j]/c2
			w[j] -= o.LR * mh / (float32(math.Sqrt(float64(vh))) + o.Eps)
		}
	}
}
