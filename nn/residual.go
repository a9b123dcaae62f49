package nn

import "fmt"

// Residual is y = body(x) + shortcut(x), the shortcut the identity where
// it is nil: the block of a residual network, which Sequential composes
// with the activation after it, as PyTorch's ResNet BasicBlock is
// Sequential(Residual(Sequential(conv1, bn1, relu, conv2, bn2).Named(...),
// downsample), ReLU()).
//
// Its children, and so its state-dict names, are those of a body that is
// a Sequential (the body itself, named "body", where it is another layer)
// and then the shortcut, named "downsample". A BasicBlock's keys conv1.*,
// bn1.*, conv2.*, bn2.*, downsample.0.* and downsample.1.* are therefore
// the Residual's own; in Sequential(Residual, ReLU) they sit under the
// Residual's name there, layer1.0.0.conv1.weight with the default names,
// or, named ("", "relu"), where PyTorch's BasicBlock has them:
// layer1.0.conv1.weight. (PyTorch's convolutions in a ResNet have no bias:
// Conv2d.NoBias.)
type Residual struct {
	Body, Shortcut Layer

	params []*Param
	y, dx  Tensor
}

// NewResidual returns body(x) + shortcut(x), shortcut nil for x itself.
func NewResidual(body, shortcut Layer) *Residual {
	if body == nil {
		panic("nn: NewResidual: the body must not be nil")
	}
	r := &Residual{Body: body, Shortcut: shortcut}
	r.params = append(r.params, body.Params()...)
	if shortcut != nil {
		r.params = append(r.params, shortcut.Params()...)
	}
	return r
}

func (r *Residual) String() string {
	if r.Shortcut == nil {
		return fmt.Sprintf("Residual(%s)", r.Body)
	}
	return fmt.Sprintf("Residual(%s, %s)", r.Body, r.Shortcut)
}

// Params returns the body's parameters, then the shortcut's.
func (r *Residual) Params() []*Param { return r.params }

// Children implements Container: a Sequential body's children, or the
// body, then the shortcut.
func (r *Residual) Children() []Child {
	var c []Child
	if b, ok := r.Body.(*Sequential); ok {
		c = append(c, b.Children()...)
	} else {
		c = append(c, Child{Name: "body", Layer: r.Body})
	}
	if r.Shortcut != nil {
		c = append(c, Child{Name: "downsample", Layer: r.Shortcut})
	}
	return c
}

// Forward returns body(x) + shortcut(x).
func (r *Residual) Forward(x *Tensor) *Tensor {
	b := r.Body.Forward(x)
	s := x
	if r.Shortcut != nil {
		s = r.Shortcut.Forward(x)
	}
	if !sameShape(b.Shape, s.Shape) {
		panic(fmt.Sprintf("nn: %s got input %v: the body gives %v, the shortcut %v", r, x.Shape, b.Shape, s.Shape))
	}
	return r.y.Add(b, s)
}

// Backward returns the sum of the body's and the shortcut's input
// gradients, dy itself being the identity's.
func (r *Residual) Backward(dy *Tensor) *Tensor {
	checkGrad(r, dy, &r.y)
	db := r.Body.Backward(dy)
	ds := dy
	if r.Shortcut != nil {
		ds = r.Shortcut.Backward(dy)
	}
	return r.dx.Add(db, ds)
}
