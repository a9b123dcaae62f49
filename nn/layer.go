package nn

import "fmt"

// Param is a trainable tensor and the gradient a backward pass adds to.
type Param struct {
	Name  string
	Value *Tensor
	Grad  *Tensor
}

// newParam returns a zeroed parameter of the given shape.
func newParam(name string, shape ...int) *Param {
	return &Param{Name: name, Value: NewTensor(shape...), Grad: NewTensor(shape...)}
}

// Layer is a differentiable function of a batch of samples.
//
// Forward returns the layer's output for x, a tensor the layer owns and
// overwrites at its next Forward; it may keep x for Backward, so x must not
// change until then. Backward takes the gradient dy of a loss with respect
// to the last Forward's output and returns the gradient with respect to
// its input (the vector-Jacobian product), owned by the layer until its
// next Backward, adding the gradients of its parameters to their Grad.
// Both panic, naming the layer and the shapes, where a shape does not fit.
type Layer interface {
	Forward(x *Tensor) *Tensor
	Backward(dy *Tensor) *Tensor
	Params() []*Param
	String() string
}

// ZeroGrad sets the gradients of params to zero.
func ZeroGrad(params []*Param) {
	for _, p := range params {
		p.Grad.Zero()
	}
}

// badShape panics with nn's message for a layer given a tensor of the
// wrong shape: what is "input" or "gradient", want how the shape should be.
func badShape(l fmt.Stringer, what string, got []int, want string) {
	panic(fmt.Sprintf("nn: %s got %s %v, want %s", l, what, got, want))
}

// checkGrad panics unless dy has the shape of the layer's last output y.
func checkGrad(l fmt.Stringer, dy, y *Tensor) {
	if y.Shape == nil {
		panic(fmt.Sprintf("nn: %s: Backward before Forward", l))
	}
	if !sameShape(dy.Shape, y.Shape) {
		badShape(l, "gradient", dy.Shape, fmt.Sprint(y.Shape))
	}
}

// Moder is a layer whose forward pass differs between training and
// evaluation (Dropout, BatchNorm). Layers start in training mode.
type Moder interface {
	SetTraining(training bool)
}

// Buffered is a layer with state that is saved and loaded with its
// parameters but not trained (BatchNorm's running statistics), in the
// order PyTorch's state_dict lists them after the parameters.
type Buffered interface {
	Buffers() []*Param
}

// Child is a layer inside a Container and the name PyTorch's state_dict
// gives it ("0", "1", ... in a Sequential, or a name set there).
type Child struct {
	Name  string
	Layer Layer
}

// Container is a layer made of layers (Sequential, a residual block).
type Container interface {
	Children() []Child
}

// SetTraining puts l and every layer inside it into training mode
// (training true) or evaluation mode.
func SetTraining(l Layer, training bool) {
	if m, ok := l.(Moder); ok {
		m.SetTraining(training)
	}
	if c, ok := l.(Container); ok {
		for _, ch := range c.Children() {
			SetTraining(ch.Layer, training)
		}
	}
}
